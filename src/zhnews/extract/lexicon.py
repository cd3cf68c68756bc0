"""Word lists the extraction rules share (written for zhnews).

Places, organization suffixes, titles and family names come from the gazetteer of
``zhnews.extract.ner``; this module holds the words of the *rules*: what may follow a
person's name, speech verbs, generic heads that name no body, event triggers.
"""

from __future__ import annotations

import re
from functools import cache

from zhnews.extract.ner import gazetteer

HAN = r"\u4e00-\u9fff"
# What may stand right after a person's name in news prose (so the name's end is known).
NAME_FOLLOWERS = (
    "出席 表示 指出 说 发布 透露 介绍 强调 致辞 主持 讲话 在 等 和 与 及 作 视频 参加 会见 宣布 分别 一行 摄 代表 "
    "认为 提出 解读 带队 调研 考察 参观 出任 担任 当选 获 向 对 为 也 还 就 同 率 陪同 共同 签署 回答 答 接受 亲临 "
    "莅临 任 兼 卸任 离任 辞职 辞去 上任 履新 专门 亲自 曾 近日 日前 今天 昨天 此前 首次 再次 特别 明确 专程 已经 率先 正式 "
    "寄语 受邀 应邀 现场 表彰 颁发 揭牌 启动 宣读 通报 发言 作了 致 称 告诉 坦言 建议 要求 希望 会见 "
    "一同 先后 依次 见证 签约 签字 发表 听取 观看 视察 按下 点亮 出镜 主讲 报道 撰文 先生 女士 同志 院士 教授 博士 研究员 的 是 则 已 将 被 从 于 以 上 都 所 及其"
).split()
NAME_BOUNDARY = r"(?=[，,、。；;：:（）()“”\"'《》\s!！?？·]|$|" + "|".join(sorted(set(NAME_FOLLOWERS), key=len, reverse=True)) + ")"
SPEECH_VERBS = "表示 指出 强调 介绍 透露 认为 说 致辞 讲话 提出 坦言 建议 要求 希望 主持 发言 寄语 宣布 解读 回答".split()
# Honours and titles that follow a name (倪光南院士).
POST_NAME_TITLES = ("院士", "教授", "研究员", "博士", "主任医师", "高级工程师")
# Organizations a post-name honour belongs to: 院士 of 中国工程院/中国科学院.
HONOUR_ORG_SUFFIX = {"院士": ("科学院", "工程院", "院"), "教授": ("大学", "学院"), "研究员": ("研究院", "研究所", "科学院", "院")}
# A title item whose organization part is one of these refers back to the last such organization.
ANAPHORIC_ORG = re.compile(r"^(?:该|其|本)(公司|集团|企业|院|所|校|局|部|厅|委|中心|协会|联盟|银行|大学|学院)?$")
# Leading words that are not part of an organization's name.
LEADING_FILLER = re.compile(
    r"^(?:来自|据|由|会上|会议上|大会上|其中|此外|同时|包括|以及|及|和|与|同|出席|嘉宾|有|是|为|在|据悉|另外|还有|"
    r"以|如|例如|随后|接着|最后|首先|当天|当日|期间|会议期间|大会期间|联合|携手|邀请|特邀|受邀|应邀|本次|本届|此次|我省|我市|我区|我县|全省|全市|本省|本市)+"
)
# Descriptive heads that name no specific body.
DESCRIPTIVE_ORG = re.compile(
    r"^(?:有关|相关|各级|各类|全市|全省|全区|全县|多家|部分|主管|一些|这些|那些|下属|所属|上级|地方|当地|我们|你们)"
    r"|^(?:该|本|其|贵|我|各|全国)[\u4e00-\u9fff]{0,3}$"
)
GENERIC_ORG_WORDS = frozenset(
    "政府 企业 公司 部门 高校 协会 机构 单位 学校 医院 银行 平台 中心 园区 集团 基地 党委 党组 组委会 主办方 承办方 "
    "科研院所 产业园区 产业园 新区 示范区 试验区 开发区 高新区 部 局 厅 委 办 院 所 会 社 网 台 市委 省委 县委 区委 "
    "市政府 省政府 县政府 区政府 大会 主管部门 职能部门 国家队 党政机关 人民政府 管委会 党工委 管理委员会 "
    "总公司 总部 分部 子公司 分公司 母公司 部委 公安 公安机关 司法机关 监管机关 行政机关 执法部门 监管部门 教育部门".split()
) | frozenset(  # sectors and fields of the economy: what a body works in, never its name
    "农业 工业 制造业 服务业 交通 运输 物流 港口 航运 能源 电力 金融 证券 保险 基金 银行业 房地产 建筑 教育 医疗 卫生 "
    "旅游 文化 体育 传媒 通信 电信 互联网 软件 信息 数据 网络 电子 汽车 化工 钢铁 煤炭 石油 环保 水利 林业 渔业 "
    "财政 税务 海关 商贸 零售 餐饮 科技 航空 航天 铁路 公路 电商 股市 楼市 期货".split()
)
CONFERENCE_HEAD = re.compile(r"(?:大会|会议|论坛|峰会|组委会|年会|博览会|展览会|研讨会|展会|展览会|车展|书展|电信展|成果展|节|座谈会|推进会|推介会|交流会|对接会|发布会|启动会|双选会|洽谈会|例会|大赛)$")
FORMER_MARK = ("原", "前", "时任", "曾任", "退休")
ORG_LIST_TAIL = re.compile(
    r"^等(?:\d{1,9}|[一二两三四五六七八九十百]+)?(?:余|多)?(?:家|个|所|批)?(?:知名|重点|龙头|头部|国内外|优质|合作|中外|省内外|国内|行业|科技)*"
    r"(?:企业|公司|单位|机构|高校|院校|院所|伙伴|合作伙伴|集团|银行|部门|央企|企业代表|厂商)"
)
COMPANY_TAIL = ("电信", "移动", "联通", "电子", "光电", "科技", "信息", "软件", "通信", "网络", "智能", "数据", "电气", "电力",
                "医药", "能源", "汽车", "控股", "股份", "证券", "银行", "航空", "重工", "化工", "钢铁", "传媒", "物流", "保险")


@cache
def titles_pattern() -> str:
    """Regex alternation of the gazetteer's titles, longest first."""
    return "|".join(re.escape(t) for t in gazetteer.titles_longest_first())


@cache
def title_first_chars() -> str:
    """A character class of the titles' first characters: a cheap test before the alternation."""
    return "[" + "".join(sorted({re.escape(t[0]) for t in gazetteer.titles()})) + "]"


@cache
def title_suffix_re() -> re.Pattern[str]:
    """Matches an item that ends with a title: group ``org`` before it, group ``title``."""
    return re.compile(rf"^(?P<org>.*?)(?P<title>{titles_pattern()})$")


@cache
def surnames() -> frozenset[str]:
    return gazetteer.surnames() | {"茍", "勾"}


def is_surname_start(name: str) -> bool:
    s = surnames()
    return name[:1] in s or name[:2] in s

# Abbreviated and full names of central bodies that carry no place in their name (工信部, 国资委).
# The legal forms a company's registered name ends with.
LEGAL_FORM = r"(?:股份有限公司|有限责任公司|有限公司)"
CENTRAL_BODIES = tuple(
    "国务院 全国人大 全国政协 中共中央 中央 工信部 工业和信息化部 发改委 国家发展改革委 国资委 网信办 科技部 教育部 财政部 商务部 "
    "公安部 国安部 民政部 司法部 人社部 自然资源部 生态环境部 住建部 住房和城乡建设部 交通运输部 水利部 农业农村部 文旅部 "
    "文化和旅游部 卫健委 国家卫生健康委 应急管理部 退役军人事务部 人民银行 央行 审计署 外交部 国防部 海关总署 税务总局 "
    "市场监管总局 统计局 证监会 银保监会 金融监管总局 新华社 人民日报 中央广播电视总台 央视 中科院 社科院 工程院 科学院".split()
)

# The hundred most common family names: a two-character name that is also a dictionary word
# (林海, 高峰) is still read as a name after these, not after rare ones (来到, 主要).
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄"
)

# Latin acronyms of economic and technical terms, not bodies (GDP, ETF, MACD).
TERM_ACRONYMS = frozenset(
    "GDP GNP CPI PPI PMI M1 M2 GMV ROE ROA EPS PE PB IPO ETF LOF QFII RQFII QDII MACD KDJ RSI KPI CEO CFO CTO COO "
    "IT AI VR AR IOT 5G 4G 3G OS IOS APP API SDK PC TV GPS CPU GPU SSD LED LCD OLED B2B B2C C2C O2O P2P PPP "
    "VS PK MVP VIP DIY".split()
)
