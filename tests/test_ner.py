"""The entity recognizer: decoding, sentence splitting, mentions in our own sentences, CLUENER floors."""

from __future__ import annotations

import itertools
import json
import pickle
import subprocess
import sys

import numpy as np
import pytest

from conftest import need_shared
from zhnews.extract.ner import cluener, get_recognizer, recognize, recognize_many
from zhnews.extract.ner.model import MODEL_FILE, viterbi
from zhnews.extract.ner.recognizer import MAX_SENTENCE, _balance_brackets, _trim, split_sentences

# Measured on CLUENER2020 dev (see ner_model.json); floors sit 0.01 below.
PERSON_F1_FLOOR = 0.80
ORGANIZATION_F1_FLOOR = 0.77
# The same sentences through `zhnews extract` (benchmarks/quality.py prints them); 0.01 below.
CLI_PERSON_F1_FLOOR = 0.80
CLI_ORGANIZATION_F1_FLOOR = 0.75  # measured 0.763 (person 0.815)


# -- decoding -------------------------------------------------------------------------------------
def _brute_force(emissions: np.ndarray, transitions: np.ndarray) -> tuple[int, ...]:
    n, labels = emissions.shape
    best, best_path = -np.inf, ()
    for path in itertools.product(range(labels), repeat=n):
        score = emissions[np.arange(n), path].sum() + sum(transitions[a, b] for a, b in itertools.pairwise(path))
        if score > best:
            best, best_path = score, path
    return best_path


def test_viterbi_matches_brute_force_on_sentences_of_different_lengths() -> None:
    rng = np.random.default_rng(7)
    lengths = np.array([3, 1, 4, 2, 4])
    labels = 3
    emissions = rng.normal(size=(lengths.sum(), labels)).astype(np.float32)
    transitions = rng.normal(size=(labels, labels)).astype(np.float32)
    decoded = viterbi(emissions, transitions, lengths)
    offset = 0
    for length in lengths:
        expected = _brute_force(emissions[offset : offset + length], transitions)
        assert tuple(decoded[offset : offset + length]) == expected
        offset += length


# -- sentence splitting -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "第一句。第二句！第三句？",
        "没有句号的一段话",
        "甲，" * 200 + "结束。",
        "长" * 400,
        "　　段首缩进。\n\n\n另一段；还有一段",
    ],
)
def test_sentences_cover_the_text_within_bounds(text: str) -> None:
    pieces = list(split_sentences(text))
    previous_end = 0
    for start, end in pieces:
        assert previous_end <= start < end <= len(text)
        assert end - start <= MAX_SENTENCE
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert not text[previous_end:start].strip(), "only whitespace falls between sentences"
        previous_end = end
    assert not text[previous_end:].strip()


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        ("据美国证券交易委员会(SEC)称", (1, 14), "美国证券交易委员会(SEC)"),
        ("据美国证券交易委员会(SEC)称", (1, 13), "美国证券交易委员会(SEC)"),
        ("渣打银行（中国，以及", (0, 7), "渣打银行"),
        ("“华为”公司", (0, 4), "华为"),
        ("（不莱梅）队", (0, 5), "不莱梅"),
        ("张三）说", (0, 3), "张三"),
    ],
)
def test_span_edges(sentence: str, span: tuple[int, int], expected: str) -> None:
    start, end = _trim(sentence, *_balance_brackets(sentence, *span))
    assert sentence[start:end] == expected


# -- mentions in sentences we wrote ------------------------------------------------------------
def _names(mentions, kind: str) -> set[str]:
    return {m.text for m in mentions if m.type == kind}


CASES = [
    (
        "江苏省工业和信息化厅厅长李明华在南京会见了华为技术有限公司董事长梁志强。",
        {
            "person": {"李明华", "梁志强"},
            "organization": {"江苏省工业和信息化厅", "华为技术有限公司"},
            "place": {"南京"},
        },
    ),
    (
        "中国科学院院士王建国表示，浙江大学将与阿里巴巴集团共建实验室。",
        {"person": {"王建国"}, "organization": {"中国科学院", "浙江大学", "阿里巴巴集团"}},
    ),
    (
        "据新华社报道，国家发展和改革委员会副主任刘志强近日在广东深圳调研。",
        {"person": {"刘志强"}, "organization": {"国家发展和改革委员会"}, "place": {"广东", "深圳"}},
    ),
    (
        "湖南省人民政府与中国移动通信集团签署战略合作协议，省长陈文华出席签约仪式。",
        {"person": {"陈文华"}, "organization": {"湖南省人民政府", "中国移动通信集团"}},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_finds_persons_organizations_places_in_our_sentences(text: str, expected: dict[str, set[str]]) -> None:
    mentions = recognize(text)
    for kind, names in expected.items():
        assert names <= _names(mentions, kind), (kind, mentions)
    assert not _names(mentions, "person") & {"厅长", "院士", "副主任", "省长", "董事长"}


def test_offsets_point_into_the_text_across_paragraphs() -> None:
    text = "\n\n".join(case for case, _ in CASES) + "\n　　上海市政府和北京大学的代表也在会上发言。"
    mentions = recognize(text)
    assert mentions, "a text full of names yields mentions"
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.type in ("person", "organization", "place")
    assert [(m.start, m.end) for m in mentions] == sorted((m.start, m.end) for m in mentions)
    assert {"李明华", "梁志强", "王建国", "刘志强", "陈文华"} <= _names(mentions, "person")


def test_many_equals_one_by_one() -> None:
    texts = [case for case, _ in CASES] + ["", "没有任何实体的一句话。"]
    together = recognize_many(texts)
    for text, mentions in zip(texts, together, strict=True):
        assert [(m.type, m.start, m.end) for m in mentions] == [(m.type, m.start, m.end) for m in recognize(text)]


def test_empty_and_odd_input_is_data_not_an_error() -> None:
    assert recognize("") == []
    assert recognize("   \n\t ") == []
    for text in ["。。。", "\x01\x02", "𠀀𠀁汉字", "ＡＢＣ公司与ａｂｃ集团", "1234567890" * 50]:
        for mention in recognize(text):
            assert text[mention.start : mention.end] == mention.text


def test_organization_spans_drop_titles_and_descriptive_tails() -> None:
    mentions = recognize("浙江省委常委、副省长高建平在嘉兴乌镇出席开幕式，工业和信息化部有关司局负责人参加。")
    organizations = _names(mentions, "organization")
    assert {"浙江省委", "工业和信息化部"} <= organizations
    assert not organizations & {"浙江省委常委", "工业和信息化部有关司局"}
    assert {"嘉兴", "乌镇"} <= _names(mentions, "place")


def test_organization_inside_a_position_and_parks_are_organizations() -> None:
    mentions = recognize("深圳市委书记孟凡利到成都高新区调研。")
    assert "深圳市委" in _names(mentions, "organization")
    assert "孟凡利" in _names(mentions, "person")
    assert "成都高新区" in _names(mentions, "organization")
    assert "深圳市委书记" not in _names(mentions, "organization")


def test_gazetteer_places_respect_word_boundaries() -> None:
    # 平台中 holds the letters of 台中 (a city) but no place
    assert "台中" not in _names(recognize("这个平台中有很多应用。"), "place")
    assert "台中" in _names(recognize("他昨天去了台中。"), "place")


def test_address_becomes_gazetteer_places() -> None:
    mentions = recognize("记者从四川省成都市高新区获悉，该项目已开工。")
    assert {"四川省", "成都市"} <= _names(mentions, "place")


# -- packaging, laziness ---------------------------------------------------------------------
def test_model_file_is_small_and_its_scores_are_written_beside_it() -> None:
    assert MODEL_FILE.stat().st_size < 20 * 1024 * 1024
    report = json.loads(MODEL_FILE.with_suffix(".json").read_text(encoding="utf-8"))
    assert report["dev"]["person"]["f1"] > 0.5
    assert report["dev"]["organization"]["f1"] > 0.5


def test_import_loads_nothing_heavy() -> None:
    code = (
        "import sys, zhnews.extract.ner as ner; "
        "print(any(m in sys.modules for m in ('numpy', 'rjieba', 'zhnews.extract.ner.model')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_mentions_and_the_function_pickle() -> None:
    mentions = recognize("北京大学校长张明出席。")
    assert pickle.loads(pickle.dumps(mentions)) == mentions
    assert pickle.loads(pickle.dumps(recognize)) is recognize


# -- CLUENER dev ------------------------------------------------------------------------------
def test_cluener_dev_floors() -> None:
    dev = need_shared("data", "cluener2020", "dev.jsonl")
    scores = cluener.score(list(cluener.read_examples(dev)), get_recognizer().entity_sets)
    assert scores["person"].f1 >= PERSON_F1_FLOOR, scores["person"]
    assert scores["organization"].f1 >= ORGANIZATION_F1_FLOOR, scores["organization"]


def test_cluener_dev_floors_through_the_extract_command() -> None:
    dev = need_shared("data", "cluener2020", "dev.jsonl")
    scores = cluener.score_through_cli(dev, [sys.executable, "-m", "zhnews.serve.cli"])
    assert scores["person"].f1 >= CLI_PERSON_F1_FLOOR, scores["person"]
    assert scores["organization"].f1 >= CLI_ORGANIZATION_F1_FLOOR, scores["organization"]


@pytest.mark.parametrize(
    ("sentence", "span", "expected"),
    [
        ("副行长朱明轩已预备出任行长", (3, 7), "朱明轩"),  # an adverb after the name
        ("副主任冀岩上月曾表示", (3, 6), "冀岩"),  # 上 before a time word
        ("冀岩上任以来", (0, 3), "冀岩上"),  # no time word: the span stays
        ("本场有诺塞里诺出场", (2, 7), "诺塞里诺"),  # a verb before a foreign name
        ("胡文和唯一的心愿", (0, 3), "胡文和"),  # 和 can end a given name
        ("市委书记罗文和，院士潘建华", (4, 6), "罗文和"),  # 和 before a comma joins nothing
        ("市委书记罗文和潘建华", (4, 6), "罗文"),  # 和 between two names joins them
        ("边春和的回答是", (0, 2), "边春和"),  # 和 before 的 joins nothing
        ("胡文和唯一的心愿", (0, 2), "胡文和"),
        ("项目经理孔祥同介绍说", (4, 6), "孔祥同"),  # 同 before a verb joins nothing
        ("刘洋同记者交谈", (0, 2), "刘洋"),  # 同 before a noun: with the reporter
        ("王明同意了", (0, 2), "王明"),  # 同 starts a word
        ("王强和大家一起", (0, 2), "王强"),
    ],
)
def test_person_edges(sentence: str, span: tuple[int, int], expected: str) -> None:
    from zhnews.extract.ner.recognizer import _person_edges

    start, end = _person_edges(sentence, *span)
    assert sentence[start:end] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("王姝马力", ["王姝", "马力"]),  # a byline's two names without a separator
        ("袁峰乔倩倩", ["袁峰", "乔倩倩"]),  # 2 + 3: the second part opens with a family name
        ("刘德华张学友", ["刘德华", "张学友"]),  # 3 + 3
        ("欧阳娜娜", ["欧阳娜娜"]),  # a two-character family name: one person
        ("苏亚雷斯", ["苏亚雷斯"]),  # a transliterated name
        ("王小明", ["王小明"]),  # three characters: one person
        ("李德华新", ["李德华新"]),  # 华 and 新 open no common family name
    ],
)
def test_glued_names_split_in_two(name: str, expected: list[str]) -> None:
    from zhnews.extract.ner.recognizer import split_glued_names

    assert [name[s:e] for s, e in split_glued_names(name, 0, len(name))] == expected


def test_a_byline_of_two_glued_names_gives_two_persons() -> None:
    persons = {m.text for m in recognize("本报讯（记者王姝马力）北京将利用3年时间基本解决住房困难。") if m.type == "person"}
    assert {"王姝", "马力"} <= persons and "王姝马力" not in persons


def test_names_a_space_apart_are_two_persons() -> None:
    persons = {m.text for m in recognize("本报讯（记者 王姝 马力）北京将利用3年时间基本解决住房困难。") if m.type == "person"}
    assert {"王姝", "马力"} <= persons and not any(" " in p for p in persons)
