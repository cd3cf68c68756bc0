"""From text to mentions: sentence splitting, the CRF model, and the gazetteer for places.

The model tags persons, organizations and addresses (plus CLUENER's other labels, which only
help it tell those apart). Addresses become places by cutting them into gazetteer places
(四川成都 -> 四川, 成都); place names the model left untagged are added from the gazetteer
where no other mention covers them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

import numpy as np
import rjieba

from zhnews.document import Mention
from zhnews.extract.ner import gazetteer
from zhnews.extract.ner.features import Batch, LexiconMatcher
from zhnews.extract.ner.model import CrfModel

MAX_SENTENCE = 150  # longer sentences are cut at commas, then hard
BATCH_CHARS = 20_000  # characters decoded together (bounds memory)
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;”’」』)）]*")
_SOFT_BREAK = re.compile(r"[，,、：:]")
_TRIM = "　 \t\r\n“”‘’\"'《》〈〉「」『』[]【】<>，,。、：:；;！!？?·—-…"
# A tagged address that no gazetteer place explains is still a place when it ends like one.
_PLACE_ENDINGS = ("省", "市", "县", "州", "镇", "乡", "盟", "旗")
_TYPES = {"PER": "person", "ORG": "organization"}
_DESCRIPTIVE_TAIL = re.compile("有关|相关|各|下属|所属")
_ZONE_END = re.compile("(?:高新区|开发区|经开区|产业园区?|工业园区?|科技园|园区|新区|示范区|试验区|自贸区|保税区)$")
_CLOSING = re.compile(r"[^，。；、（）()\s]{0,8}[）)]")
# Places the gazetteer may add on its own: not town short forms or county short forms,
# which are too often ordinary words (东方, 和平, 新华).
_SAFE_LEVELS = ("country", "province", "city", "region")


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Half-open (start, end) of each non-blank sentence, at most MAX_SENTENCE characters."""
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        while end - start > MAX_SENTENCE:
            window = text[start : start + MAX_SENTENCE]
            cuts = [m.end() for m in _SOFT_BREAK.finditer(window) if m.end() > MAX_SENTENCE // 3]
            cut = start + (cuts[-1] if cuts else MAX_SENTENCE)
            yield start, cut
            start = cut
        if end > start:
            yield start, end


class Recognizer:
    """Finds person, organization and place mentions; holds one loaded model."""

    def __init__(self, model: CrfModel) -> None:
        self.model = model
        safe = {name for name in gazetteer.place_names("county") if self._safe_place(name)}
        safe |= {p.name for p in gazetteer.places() if p.level == "town" and len(p.name) >= 3}
        self._safe_names = frozenset(safe)
        self._safe_places = LexiconMatcher(safe, model.featurizer.fold, within=model.featurizer.places)
        self._all_places = gazetteer.place_names("town")
        self._longest_place = max(map(len, self._all_places))
        self._titles = gazetteer.titles()
        self._org_suffixes = gazetteer.org_suffixes()
        # organizations inside a position start with a place (深圳市委书记, 四川省委常委)
        self._place_heads = frozenset(name[:2] for name in gazetteer.place_names("county"))
        self._longest_title = max(map(len, self._titles))

    @staticmethod
    def _safe_place(name: str) -> bool:
        place = gazetteer.lookup_place(name)
        return place is not None and (place.level in _SAFE_LEVELS or name == place.name)

    def recognize(self, text: str) -> list[Mention]:
        """Mentions in one text, in order, with offsets into ``text``."""
        return self.recognize_many([text])[0]

    def recognize_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Mentions for each text; sentences of all texts are decoded in shared batches."""
        pieces: list[tuple[int, int, int]] = []  # (text index, start, end)
        for index, text in enumerate(texts):
            pieces.extend((index, s, e) for s, e in split_sentences(text))
        results: list[list[Mention]] = [[] for _ in texts]
        begin = 0
        while begin < len(pieces):
            end, size = begin, 0
            while end < len(pieces) and (size < BATCH_CHARS or end == begin):
                size += pieces[end][2] - pieces[end][1]
                end += 1
            group = pieces[begin:end]
            sentences = [texts[i][s:e] for i, s, e in group]
            covered: list[list[tuple[int, int]]] = [[] for _ in group]
            chunks, batch = self.model.decode(sentences)
            for chunk in chunks:
                index, offset, _ = group[chunk.sentence]
                sentence = sentences[chunk.sentence]
                covered[chunk.sentence].append((chunk.start, chunk.end))
                for mention in self._mentions(chunk.label, sentence, chunk.start, chunk.end):
                    mention.start += offset
                    mention.end += offset
                    results[index].append(mention)
            boundaries: dict[int, set[int]] = {}
            for k, p_start, p_end in self._gazetteer_places(batch):
                if any(s < p_end and p_start < e for s, e in covered[k]):
                    continue
                if k not in boundaries:
                    boundaries[k] = _word_boundaries(sentences[k])
                if p_start in boundaries[k] and p_end in boundaries[k]:  # 平台中 holds no 台中
                    index, offset, _ = group[k]
                    name = sentences[k][p_start:p_end]
                    results[index].append(Mention("place", offset + p_start, offset + p_end, name, 0.9))
            begin = end
        for mentions in results:
            mentions.sort(key=lambda m: (m.start, m.end))
        return results

    def entity_sets(self, texts: Sequence[str]) -> list[set[tuple[str, str]]]:
        """(type, name) pairs per text: the form CLUENER scoring compares."""
        return [{(m.type, m.text) for m in mentions} for mentions in self.recognize_many(texts)]

    # -- mentions of one chunk -----------------------------------------------------------------
    def _mentions(self, label: str, sentence: str, start: int, end: int) -> list[Mention]:
        start, end = _balance_brackets(sentence, start, end)
        start, end = _trim(sentence, start, end)
        if end <= start:
            return []
        if label in _TYPES:
            kind = _TYPES[label]
            if kind == "person":
                end = self._strip_title(sentence, start, end)
                start, end = _person_edges(sentence, start, end)
                return [Mention(kind, s, e, sentence[s:e], 1.0) for s, e in split_glued_names(sentence, start, end)]
            else:
                end = self._org_end(sentence, start, end)
            if end - start < 2 and kind == "organization" and not sentence[start:end].isascii():
                return []
            return [Mention(kind, start, end, sentence[start:end], 1.0)]
        if label == "ADDR":
            zone = _ZONE_END.search(sentence, start, end)
            if zone and zone.start() - start >= 2:  # 成都高新区: a park, a body, in a place
                park = Mention("organization", start, end, sentence[start:end], 0.9)
                return [park, *self._address_places(sentence, start, zone.start())]
            return self._address_places(sentence, start, end)
        if label == "POS":
            return self._position_organization(sentence, start, end)
        return []

    def _position_organization(self, sentence: str, start: int, end: int) -> list[Mention]:
        """深圳市委书记 (tagged as one position) -> the organization 深圳市委 before the title."""
        text = sentence[start:end]
        for size in range(min(self._longest_title, len(text) - 3), 1, -1):
            if text[-size:] in self._titles:
                head = text[:-size]
                if head.endswith(self._org_suffixes) and head[:2] in self._place_heads:
                    return [Mention("organization", start, end - size, head, 0.8)]
                break
        return []

    def _strip_title(self, sentence: str, start: int, end: int) -> int:
        """张卫东局长 -> 张卫东: a person span never keeps a title at its end."""
        for size in range(min(self._longest_title, end - start - 2), 1, -1):
            if sentence[end - size : end] in self._titles:
                return end - size
        return end

    def _org_end(self, sentence: str, start: int, end: int) -> int:
        """浙江省委常委 -> 浙江省委, 工业和信息化部有关司局 -> 工业和信息化部.

        An organization span loses a trailing title, and a descriptive tail (有关, 相关, 各)
        that follows a complete organization name.
        """
        text = sentence[start:end]
        for size in range(min(self._longest_title, len(text) - 2), 1, -1):
            if text[-size:] in self._titles and text[:-size].endswith(self._org_suffixes):
                return end - size
        if len(text) > 4 and text.endswith(("党组", "党委", "纪委")):
            # 工业和信息化部党组 + 成员: the title is 党组成员, the organization 工业和信息化部
            following = sentence[end : end + 3]
            if any(text[-2:] + following[:k] in self._titles for k in (2, 3)):
                return end - 2
        match = _DESCRIPTIVE_TAIL.search(text, 2)
        if match and text[: match.start()].endswith(self._org_suffixes):
            return start + match.start()
        return end

    def _address_places(self, sentence: str, start: int, end: int) -> list[Mention]:
        """The gazetteer places an address is made of (四川成都 -> 四川, 成都).

        Inside a longer address only unambiguous names count (county and town short forms are
        too often ordinary words); an address that is one known name is taken whole.
        """
        whole = sentence[start:end]
        if whole in self._all_places:
            return [Mention("place", start, end, whole, 1.0)]
        found = []
        i = start
        while i < end:
            for size in range(min(self._longest_place, end - i), 1, -1):
                name = sentence[i : i + size]
                # the first piece must be unambiguous; after it (浙江嘉兴乌镇) any known name counts
                if name in self._safe_names or (found and name in self._all_places):
                    found.append(Mention("place", i, i + size, name, 1.0))
                    i += size
                    break
            else:
                i += 1
        if not found and 2 <= end - start <= 8 and whole.endswith(_PLACE_ENDINGS) and whole[0] not in "省市县区州":
            found.append(Mention("place", start, end, whole, 0.8))
        return found

    def _gazetteer_places(self, batch: Batch) -> Iterator[tuple[int, int, int]]:
        """(sentence, start, end) of known places, greedy longest matches, in all sentences."""
        begins, sizes = self._safe_places.greedy(batch.codes)
        if not begins:
            return
        which = np.searchsorted(batch.starts, begins, side="right") - 1
        starts = batch.starts.tolist()
        for k, b, size in zip(which.tolist(), begins, sizes, strict=True):
            start = b - starts[k]
            yield k, start, start + size


def _word_boundaries(sentence: str) -> set[int]:
    """Offsets where a word starts or ends (rjieba segmentation)."""
    cuts, pos = {0}, 0
    for word in rjieba.cut(sentence):
        pos += len(word)
        cuts.add(pos)
    return cuts


def _balance_brackets(sentence: str, start: int, end: int) -> tuple[int, int]:
    """渣打银行（中国 -> 渣打银行（中国） when the bracket closes soon after, else 渣打银行."""
    text = sentence[start:end]
    opened = text.count("（") + text.count("(") - text.count("）") - text.count(")")
    while opened < 0 and end > start and sentence[end - 1] in "）)":  # 张三）-> 张三
        end -= 1
        opened += 1
    if opened <= 0:
        return start, end
    closing = _CLOSING.match(sentence, end)
    if closing:
        return start, closing.end()
    cut = max(text.rfind("（"), text.rfind("("))
    return start, start + cut


# A person span never ends in an adverb or a particle (朱某已预备出任, 某某也表示) nor starts with a
# verb or a preposition (本场有某某); 上/下 end a name only before a time word (冀某上月曾表示).
_PERSON_TAIL = frozenset("已曾称说也又就将均便却地的了等")
_PERSON_HEAD = frozenset("有是在被让对据将由给")
_TIME_AFTER = re.compile("[月午周旬年]")


_JOINS_NOTHING_TAGS = frozenset(("uj", "ul", "v", "vd", "d", "b"))


def _joins_nothing(sentence: str, pos: int) -> bool:
    """和/同 at ``pos`` after a two-character name is the name's last character when what follows
    joins no second party: punctuation, 的, a verb (边春和的回答, 孔祥同介绍说; not 刘洋同记者交谈,
    nor 王明同意, where 同 starts a word)."""
    after = sentence[pos + 1 : pos + 2]
    if after in ("，", "、", "。", "；", ",", "（") or (after == "" and sentence[pos] == "和"):
        return True
    words = rjieba.tag(sentence[pos : pos + 6])
    return len(words) >= 2 and words[0][0] == sentence[pos] and words[1][1] in _JOINS_NOTHING_TAGS


def _person_edges(sentence: str, start: int, end: int) -> tuple[int, int]:
    if end - start == 2 and sentence[end : end + 1] in ("和", "同") and _joins_nothing(sentence, end):
        end += 1  # 罗文和，边春和的回答，孔祥同介绍说: the 和/同 ends a name, it joins nothing
    if end - start >= 3:
        last = sentence[end - 1]
        if last in _PERSON_TAIL or (last in "上下" and _TIME_AFTER.match(sentence, end)):
            end -= 1
    if end - start >= 4 and sentence[start] in _PERSON_HEAD:
        start += 1
    return start, end


# Characters of transliterated foreign names that Chinese given names hardly use: 苏亚雷斯 is one
# name, not 苏亚 and 雷斯.
_TRANSLITERATION = frozenset("斯尔亚奥蒂姆夫娃丝希")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff·]+")
_SPACE = re.compile(r"[ \u3000\t]+")


def split_glued_names(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """Two Chinese names written without a separator (bylines: 记者王姝马力, （袁峰乔倩倩）) -> the
    two names. Only 4-6 Han characters, both parts 2-3 characters, each opening with one of the
    common single-character family names and neither with a two-character one (欧阳)."""
    text = sentence[start:end]
    spaced = [(m.start(), m.end()) for m in _HAN_RUN.finditer(text)]
    if len(spaced) > 1 and _HAN_ONLY.match(_SPACE.sub("", text)):  # 王姝 马力: names a space apart
        return [(start + s, start + e) for s, e in spaced if e - s >= 2]
    if not 4 <= len(text) <= 6 or not _HAN_ONLY.match(text) or _TRANSLITERATION.intersection(text):
        return [(start, end)]
    from zhnews.extract import lexicon

    common, compound = lexicon.COMMON_SURNAMES, _compound_surnames()
    if text[0] not in common or text[:2] in compound:
        return [(start, end)]
    for first in (2, 3):
        rest = len(text) - first
        if 2 <= rest <= 3 and text[first] in common and text[first : first + 2] not in compound:
            return [(start, start + first), (start + first, end)]
    return [(start, end)]


@cache
def _compound_surnames() -> frozenset[str]:
    return frozenset(name for name in gazetteer.surnames() if len(name) == 2)


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Quotes, punctuation and stray brackets off both ends; a fully bracketed span unwrapped."""
    while True:
        while start < end and (sentence[start] in _TRIM or sentence[start] in "）)"):
            start += 1
        while end > start and (sentence[end - 1] in _TRIM or sentence[end - 1] in "（("):
            end -= 1
        if end - start >= 2 and sentence[start] in "（(" and sentence[end - 1] in "）)":
            start, end = start + 1, end - 1
            continue
        return start, end
