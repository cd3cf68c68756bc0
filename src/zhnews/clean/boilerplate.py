"""Boilerplate decisions on lines and sentences of Chinese news pages.

Rules are general patterns of Chinese portals and WeChat scrapes, in three kinds:

* line rules: interface strings (share/follow widgets, comment boxes, navigation), bylines of
  editors, pipe- or arrow-separated navigation, lines without any letter or Han character;
* sentence rules, for junk glued onto real paragraphs: copyright/reprint notices, contact
  details, a site describing itself, and *headline chains* -- runs of many headlines pasted
  together with no punctuation at all, which no written sentence has;
* position rules: what follows the last substantial paragraph and is not itself a sentence
  (widgets, "related news", comment boxes), and clusters of tiny lines (menus).
"""

from __future__ import annotations

import re

from zhnews.clean.text import CLAUSE_PUNCT, HAN, SENTENCE_END, han_count, sentences

_STRIP = " \u3000\t【】[]()（）<>〈〉「」『』|｜·•-—－_=*#↑↓←→▲▼△▽►◄★☆●○◆◇■□"

# Whole-line interface strings of WeChat, portals and comment boxes.
_UI_LINE = re.compile(
    r"(?:"
    # WeChat reader interface
    r"预览时标签不可点|微信扫一扫.{0,16}|扫[一描]扫.{0,16}|长按.{0,12}(?:二维码|识别|关注|订阅).{0,12}"
    r"|关注(?:该|本|我们的)?(?:公众号|微信号|我们).{0,12}|(?:继续|向上|向下)滑动看下一个|轻触阅读原文|阅读原文"
    r"|知道了|使用小程序|使用完整服务|取消|允许|分析|视频|小程序|赞|在看|分享|留言|写留言|收藏|听过|点赞|转发|喜欢|赞赏"
    r"|人划线|[，,]?轻点两下取消(?:赞|在看)|喜欢此内容的人还喜欢|原创|已关注|关注|星标|置顶|在小说阅读器中沉浸阅读"
    # portal navigation and page furniture
    r"|更多|更多>+|展开(?:全文)?|收起|全文|举报|登录|注册|退出|首页|返回|返回(?:首页|顶部|列表|目录|上一页)|返回\S{1,12}(?:首页|频道|新闻|列表)"
    r"|(?:今日|本周|每日|实时)?(?:热点|热门|热闻|头条|快讯)(?:新闻|推荐)?[：:][^，。,；;！？!?]*"
    r"|上一(?:篇|条|页)[：:]?.*|下一(?:篇|条|页)[：:]?.*|打印(?:本页|此文|文章|本文)?|关闭(?:窗口|本页)?|分享到.*|字号[：:]?.{0,8}|[大中小]{3}"
    r"|相关(?:新闻|阅读|文章|链接|报道|推荐|稿件|专题)[：:]?|(?:推荐|延伸|扩展|热门|精彩|猜你|为你)(?:阅读|推荐|文章|新闻|喜欢)[：:]?"
    r"|(?:图片|图|视频|封面|题图|配图|头图)\s*(?:来源|来自|源|提供)\s*[：:].{0,30}|(?:点击)?(?:上方)?蓝字.{0,12}|收录于(?:合集|话题).{0,30}|往期(?:推荐|回顾|精选)[：:]?"
    r"|更多精彩.{0,12}|点击(?:进入|查看|阅读|关注|订阅|这里|此处).{0,16}|\d*(?:小时|日|周|月)?(?:评论|点击|阅读|热门|新闻)?排行榜?"
    r"|THE\s*END|END|[-—－~～=]*\s*(?:完|END|End|end)\s*[-—－~～=]*|(?:阅读|浏览|点击|访问)(?:量|数|次数)?\s*[：:]?\s*[\d.,万+]+\s*次?|字体[：:]?.{0,8}|[\d.,万+]+\s*(?:人)?(?:阅读|浏览|点赞|评论|收藏|在看)"
    r"|(?:责任|值班|实习|特约|网络)?编辑\s*[：:].{0,24}|(?:责编|校对|审核|审校|监制|统筹|制作|终审|初审|复审)\s*[：:].{0,24}"
    # comment boxes
    r"|(?:最新|热门|网友|全部|发表|我要|查看更多|查看全部|精彩)?(?:评论|跟帖|跟贴|留言)(?:\s*[\(（].{0,24}[\)）]?)?(?:\s*\d+\s*条?)?"
    r"|暂无(?:评论|留言|跟帖|跟贴).*|(?:评论|跟帖|跟贴|留言)仅代表.*|已有\s*\d+\s*(?:条|人)(?:评论|参与|跟帖|跟贴).*|网友评论仅供.*|发表评论.*"
    r"|\d*\s*人(?:参与|评论|跟帖|跟贴|点赞|收藏)|(?:跟贴|跟帖|评论)(?:热词|列表|框)[：:]?.*|(?:快速)?发(?:贴|帖).*"
    r")",
    re.I,
)
_PUNCT_ONLY = re.compile(rf"[^A-Za-z{HAN}]+")  # no letter, no Han character: symbols, numbers, counters
# A related-article item: a headline with its date at the end, no sentence punctuation.
_TRAILING_DATE = re.compile(
    r"(?:[(（\[]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[)）\]]?"
    r"|(?:评论|跟贴|跟帖)\s*\d+\s*条|\d+\s*条(?:评论|跟贴|跟帖))$"
)
_PIPE_NAV = re.compile(r"[^|｜]{0,12}(?:[|｜][^|｜]{0,12}){2,}")
_ARROW_NAV = re.compile(r"(?:(?:当前位置|您的位置|你的位置|位置)\s*[：:])?\s*[^>»＞→/]{1,16}(?:\s*(?:>+|»|＞|→|/)\s*[^>»＞→/]{1,16}){2,}")
_BREADCRUMB_START = re.compile(r"(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[：:]")

# Sentences (or whole lines) that are page furniture rather than writing.
_COPYRIGHT = re.compile(
    r"版权所有(?![者人方])|版权归.{0,20}所有(?![者人方])|版权声明|(?:©|Copyright|\(c\))\s*(?:\d{4}|[A-Za-z])|未经.{0,30}(?:授权|许可|同意|允许).{0,30}(?:不得|禁止|严禁|请勿)"
    r"|(?:不得|禁止|严禁|请勿).{0,8}(?:转载|复制|摘编|镜像)|转载请(?:注明|联系|务必|保留)|如需转载|ICP\s*(?:备|证)|公网安备|增值电信业务"
    r"|违法和不良信息举报|免责声明|不代表本(?:网|站|报|平台|号|刊)(?:的)?(?:观点|立场)|如有侵权|侵权(?:请)?(?:联系|删除)|联系(?:我们)?删除",
    re.I,
)
_CONTACT = re.compile(
    r"(?:电话|热线|传真|手机|邮箱|电子邮件|电子信箱|e-?mail|邮编|QQ|微信号)\s*[：:]\s*[\w.+\-@()（）]{5,}|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+\.[A-Za-z0-9.\-]+"
    r"|(?:\+?86|0086)?[\s\-]?\d{3,4}[\s\-]\d{7,8}",
    re.I,
)
_SITE_SELF = re.compile(
    r"^[“\"]?凡?本(?:网|站|网站|平台|公众号|号)(?![讯记消获报编])"
    r"|是.{0,30}(?:主管|主办|领导|管理|批准)的.{0,24}(?:新闻网站|门户网站|网站|媒体平台|新媒体)"
)
_SOURCE_LINE = re.compile(
    r"(?:^|[\s(（【\[])(?:文章|稿件|新闻|信息|本文|内容|图文|消息)?(?:来源|出处|转自|来自)\s*[：:]\s*(?P<name>[^\s()（）【】\[\]|｜，,;；。]{2,40})"
)
# Credits of pictures and video are not the article's source; "网络"/"综合" name no outlet.
_MEDIA_CREDIT = re.compile(r"(?:图片|图|视频|封面|题图|配图|头图)\s*(?:来源|来自|源|提供)\s*[：:]")
_NOT_OUTLETS = frozenset({"网络", "互联网", "综合", "网络综合", "综合整理", "整理", "原创", "网友", "未知", "自媒体", "本站", "本网"})
_HEADER_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}:\d{2}")
_AUTHOR_LINE = re.compile(
    r"^(?:作者|文|撰文|记者|文字|采写|通讯员)\s*[：:/|｜]\s*(?P<names>.{2,40})$"
    # 本报记者 孙晓楠, 记者 王姝 马力 通讯员 李强: a credit line of names only
    r"|^(?:本报|本台|本网|特约|实习|见习)?(?:记者|通讯员)\s*(?P<names2>[\u4e00-\u9fff]{2,4}"
    r"(?:[\s、，,]+(?:(?:本报|特约|实习)?(?:记者|通讯员)|实习生)?\s*[\u4e00-\u9fff]{2,4}){0,5})$"
)
_CREDIT_WORD = re.compile(r"^(?:本报|本台|本网|特约|实习|见习)?(?:记者|通讯员)|^实习生")

CHAIN_RUN = 60  # Han/alphanumeric characters without any clause punctuation
CHAIN_RUN_SPACED = 30  # ... when spaces separate several headline-like pieces
_QUOTED = re.compile(r"《[^《》]{0,80}》")
_RUN_SPLIT = re.compile(f"[{re.escape(CLAUSE_PUNCT)}]")
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{HAN}])\s+(?=[{HAN}\d])")
_DIGIT = re.compile(r"\d")
_LONG_STRETCH = re.compile(rf"[^{re.escape(CLAUSE_PUNCT)}]{{{CHAIN_RUN_SPACED},}}")


def is_junk_line(line: str) -> bool:
    """Interface strings, navigation and symbol-only lines."""
    core = line.strip(_STRIP)
    if not core or _PUNCT_ONLY.fullmatch(core):
        return True
    if len(core) <= 40 and _UI_LINE.fullmatch(core):
        return True
    if "】【" in core and len(core) <= 60 and all(_UI_LINE.fullmatch(p.strip(_STRIP)) for p in core.split("】【")):
        return True  # 【字体：大 中 小】【打印】【关闭】: a row of page buttons
    if len(core) <= 100 and is_dated_headline(core):
        return True
    if len(line) <= 160 and not any(ch in line for ch in SENTENCE_END):
        if ("|" in line or "｜" in line) and not _DIGIT.search(line) and _PIPE_NAV.fullmatch(line.strip()):
            return True
        if "位置" in line and _BREADCRUMB_START.match(line):
            return True
        if any(ch in line for ch in ">»＞→/") and _ARROW_NAV.fullmatch(line.strip()) and not re.search(r"\d+\s*/\s*\d+", line):
            return True
    return False


_RELATED_HEADER = re.compile(
    r"[【\[]?(?:相关|推荐|延伸|扩展|热门|精彩|猜你|为你|往期|更多)(?:新闻|阅读|文章|链接|报道|推荐|稿件|专题|喜欢|回顾|精选|内容)[】\]]?[：:]?"
)


def is_related_header(line: str) -> bool:
    """``相关阅读：`` / ``【推荐阅读】``: what follows, until the next paragraph of writing, is a list of links."""
    return len(line) <= 12 and _RELATED_HEADER.fullmatch(line.strip(" \u3000")) is not None


def is_dated_headline(line: str) -> bool:
    """``某省出台支持政策 2015/07/03``: an item of a related-news list."""
    if not line or line[-1] not in "0123456789日)）]条帖贴":
        return False
    match = _TRAILING_DATE.search(line)
    if not match:
        return False
    head = line[: match.start()].strip()
    return 6 <= len(head) <= 90 and "。" not in head and head[-1] not in "：:，,"


def is_source_line(line: str) -> bool:
    """A short line that credits a source (``（文章来源：泸州新闻网）``, ``来源：网络``), not a sentence mentioning one."""
    if len(line) > 80 or not any(word in line for word in ("来源", "出处", "转自", "来自")) or any(ch in line for ch in "。！？"):
        return False
    return _SOURCE_LINE.search(line) is not None and not _MEDIA_CREDIT.match(line.strip(_STRIP))


_TRAILING_SOURCE = re.compile(r"\s*[(（【\[]\s*(?:文章|稿件|新闻|信息|本文)?(?:来源|出处|转自)\s*[：:][^()（）【】\[\]]{2,40}[)）】\]]\s*$")


def split_trailing_source(paragraph: str) -> tuple[str, str | None]:
    """``…影响力。（文章来源：某新闻网）`` -> (the paragraph, the source credit) when a credit closes it."""
    if not paragraph.endswith((")", "）", "】", "]")):
        return paragraph, None
    match = _TRAILING_SOURCE.search(paragraph)
    if not match or match.start() == 0:
        return paragraph, None
    return paragraph[: match.start()], match.group(0).strip()


def source_line_publisher(line: str) -> str | None:
    """The outlet a source line names (``来源：新华社 作者：…`` -> 新华社); None for 网络, 综合 and the like."""
    if not is_source_line(line):
        return None
    match = _SOURCE_LINE.search(line)
    if match is None:
        return None
    # 北辰发布 is an account's name; 发布时间 and 发布于 begin the next field
    name = re.split(r"[-－—_]|作者|编辑|记者|时间|发布(?=时间|日期|于|：|:)|日期|\d{4}", match.group("name"))[0].strip(_STRIP + "：:")
    return name if name and name not in _NOT_OUTLETS else None


def is_header_line(line: str) -> bool:
    """A short byline/date line above the body (``2023-02-25 08:00 来源：…``, ``原创 作者 公众号``)."""
    return len(line) <= 60 and not any(ch in line for ch in "。！？") and (
        _HEADER_DATE.search(line) is not None or _AUTHOR_LINE.match(line) is not None
    )


def author_line_names(line: str) -> list[str]:
    match = _AUTHOR_LINE.match(line)
    if not match:
        return []
    names = match.group("names") or match.group("names2")
    parts = (_CREDIT_WORD.sub("", n) for n in re.split(r"[\s、，,;；/]+", names))
    return [n for n in parts if 2 <= len(n) <= 4]


def longest_unpunctuated_run(sentence: str) -> tuple[int, list[str]]:
    """Han characters in the longest stretch without clause punctuation (titles in 《》 excluded), and its space-separated items."""
    best, items = 0, []
    for piece in _RUN_SPLIT.split(_QUOTED.sub("", sentence)):
        if len(piece) <= best:
            continue
        size = han_count(piece)
        if size > best:
            best, items = size, _SPACE_BETWEEN_HAN.split(piece.strip())
    return best, items


def is_headline_chain(sentence: str) -> bool:
    """Many headlines pasted together: far longer than any clause a writer leaves unpunctuated.

    Counted in Han characters, so English text (whose sentences end in ".") is never a chain;
    a space-separated run counts only when its items are headline-long (a list of short
    names separated by spaces is writing).
    """
    if not _LONG_STRETCH.search(sentence):
        return False
    run, items = longest_unpunctuated_run(sentence)
    if run >= CHAIN_RUN:
        return True
    return run >= CHAIN_RUN_SPACED and len(items) >= 3 and sum(map(len, items)) / len(items) >= 6


def junk_sentence_reason(sentence: str) -> str | None:
    """Why a sentence is page furniture, or None when it reads as writing."""
    if is_headline_chain(sentence):
        return "headline_chain"
    if _COPYRIGHT.search(sentence):
        return "copyright"
    if _CONTACT.search(sentence) and han_count(sentence) < 60:
        return "contact"
    if _SITE_SELF.search(sentence.strip()):
        return "site_notice"
    return None


_FOOTER_WORDS = (
    "版权", "©", "opyright", "(c)", "未经", "转载", "摘编", "镜像", "ICP", "公网安备", "增值电信", "不良信息", "免责",
    "不代表本", "侵权", "删除", "电话", "热线", "传真", "手机", "邮箱", "邮件", "信箱", "mail", "MAIL", "邮编", "QQ",
    "微信号", "@", "本网", "本站", "本平台", "公众号", "本号", "主管的", "主办的", "领导的", "管理的", "批准的",
)


_FOOTER_WORD = re.compile("|".join(map(re.escape, _FOOTER_WORDS)))  # one C scan instead of 40 substring tests


def might_hold_junk(paragraph: str) -> bool:
    """Cheap screen (substring tests and one split): only paragraphs passing it are judged sentence by sentence."""
    if max(map(len, _RUN_SPLIT.split(paragraph))) >= CHAIN_RUN_SPACED:
        return True
    return _FOOTER_WORD.search(paragraph) is not None


def clean_sentences(paragraph: str) -> tuple[str, list[str]]:
    """Drop junk sentences; after a headline chain the rest of the paragraph is page footer too."""
    if not might_hold_junk(paragraph):
        return paragraph, []
    kept: list[str] = []
    reasons: list[str] = []
    for piece in sentences(paragraph):
        reason = junk_sentence_reason(piece)
        if reason:
            reasons.append(reason)
            if reason == "headline_chain":
                break
            continue
        kept.append(piece)
    return "".join(kept).strip(), reasons


def is_substantial(paragraph: str) -> bool:
    """A paragraph of running text (not a widget, heading or byline)."""
    han = han_count(paragraph)
    return han >= 50 or (han >= 16 and any(ch in paragraph for ch in "。！？；"))


def ends_as_sentence(line: str) -> bool:
    """A line of writing that closes like a sentence (kept even after the last long paragraph)."""
    core = line.rstrip("”’」』)）]】 ")
    return han_count(line) >= 6 and bool(core) and core[-1] in SENTENCE_END


_PHOTO_CREDIT = re.compile(r"(?:记者|摄影|摄影记者|通讯员)\s*[^\s，。]{2,8}(?:\s+[^\s，。]{2,8})*\s*摄[)）]?$")


def is_photo_credit(line: str) -> bool:
    """``… 新华社记者某某摄``: a caption with its credit, part of the article."""
    return len(line) <= 160 and _PHOTO_CREDIT.search(line) is not None


def is_tiny(line: str) -> bool:
    return len(line) <= 8 and not any(ch in line for ch in SENTENCE_END)


def is_headline(line: str) -> bool:
    """Short, no sentence punctuation inside or at the end: the shape of a title line."""
    if not 5 <= len(line) <= 64 or han_count(line) < 4:
        return False
    if any(ch in line for ch in "。；") or line[-1] in "，、；：,;:":
        return False
    return not _HEADER_DATE.fullmatch(line.strip())
