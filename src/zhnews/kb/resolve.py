"""Entity resolution across documents: one entity per real-world body, person or place.

Per-document entities (from the extractor) are grouped into base-wide entities by:

- organizations: a comparable key (simplified, NFKC, no spaces), short forms the text defines
  (``（以下简称“X”）``), the curated alias table (工信部 → 工业和信息化部), and the aliases the
  extractor attached within a document. The canonical name is the curated full name, else the
  fullest form seen.
- places: the same key with administrative suffixes dropped (泸州市 = 泸州, 四川省 = 四川,
  广西壮族自治区 = 广西); canonical name the most frequent form.
- persons: the same name is one person unless their contexts say otherwise: two
  occurrences whose organizations (from stated roles) are disjoint *and* whose places are
  disjoint are two people. Occurrences without context join the name's first person.

Everything is deterministic for a given set of documents in a given order (the caller orders
them by publication date and key), so rebuilding the base from the same input gives the same ids.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from zhnews.document import Document, Span
from zhnews.kb.aliases import AliasTable, curated_aliases, learn_definitions, normalize_name
from zhnews.kb.model import KBEntity, Source

# Provincial-level divisions: full name -> the short form used in running text.
PROVINCES: dict[str, str] = {
    "北京市": "北京", "天津市": "天津", "上海市": "上海", "重庆市": "重庆",
    "河北省": "河北", "山西省": "山西", "辽宁省": "辽宁", "吉林省": "吉林", "黑龙江省": "黑龙江",
    "江苏省": "江苏", "浙江省": "浙江", "安徽省": "安徽", "福建省": "福建", "江西省": "江西",
    "山东省": "山东", "河南省": "河南", "湖北省": "湖北", "湖南省": "湖南", "广东省": "广东",
    "海南省": "海南", "四川省": "四川", "贵州省": "贵州", "云南省": "云南", "陕西省": "陕西",
    "甘肃省": "甘肃", "青海省": "青海", "台湾省": "台湾",
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港", "澳门特别行政区": "澳门",
}
# A trailing 区 that is part of a region's name, not the administrative suffix.
_BODY_ENDINGS = set("部委办局署院会行厅社台")
_COMPANY_SUFFIX = re.compile(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司|集团公司|公司)$")
_REGION_WORDS = ("新区", "地区", "园区", "城区", "片区", "景区", "矿区", "社区", "特区", "开发区", "示范区", "试验区", "功能区")


@lru_cache(maxsize=200_000)
def place_key(name: str) -> str:
    """Comparable key of a place: simplified, administrative suffix dropped (泸州市 -> 泸州)."""
    n = normalize_name(name)
    if n in PROVINCES:
        return PROVINCES[n]
    for full, short in PROVINCES.items():
        if n.startswith(short) and n.endswith("自治区") and full.endswith("自治区"):
            return short
    if len(n) >= 3 and n[-1] in "省市县":
        return n[:-1]
    if len(n) == 3 and n.endswith("区") and not n.endswith(_REGION_WORDS):
        return n[:-1]
    return n


def _stable_id(prefix: str, key: str) -> str:
    return f"{prefix}:{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def group_name(etype: str, root: str, names: Counter, keys: set[str], canonical_names: set[str]) -> tuple[str, str]:
    """The canonical name and stable id of one resolved group. An organization takes the curated
    full name, else the fullest form seen (ties: most frequent, then first in order) and is keyed
    by that name; a place takes its most frequent form and is keyed by its root."""
    if etype == "organization":
        curated = sorted(k for k in keys if k in canonical_names)
        name = curated[0] if curated else max(names, key=lambda n: (len(n), names[n]))
        return name, _stable_id("org", name)
    return max(names, key=lambda n: (names[n], len(n))), _stable_id("place", root)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # keep the lexicographically smaller root: order-independent
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


@dataclass
class Resolution:
    """Base-wide entities and, per document, which entity each local name refers to."""

    entities: dict[str, KBEntity] = field(default_factory=dict)
    by_doc: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)

    def lookup(self, doc: str, name: str | None, type: str | None = None) -> str | None:
        """The entity id a name refers to in a document (any type when ``type`` is None)."""
        if not name:
            return None
        table = self.by_doc.get(doc, {})
        key = normalize_name(name)
        types = (type,) if type else ("organization", "person", "place")
        for t in types:
            k = place_key(name) if t == "place" else key
            if (t, k) in table:
                return table[(t, k)]
        return None


@dataclass
class _Occurrence:
    doc: str
    type: str
    name: str  # surface name as the document gives it (canonical within the doc)
    aliases: list[str]
    sources: list[Source]


class Resolver:
    """Groups per-document entities into base-wide entities. See the module docstring for the rules."""

    def __init__(self, aliases: AliasTable | None = None, content_keys: dict[str, str] | None = None) -> None:
        self.aliases = aliases if aliases is not None else curated_aliases()
        self.content_keys = content_keys or {}

    # -- collecting -------------------------------------------------------------------------
    @staticmethod
    def _sources(doc_key: str, doc: Document, name: str, spans: Sequence, fallback: Span | None = None) -> list[Source]:
        out = [Source(doc_key, s.start, s.end, doc.text[s.start : s.end]) for s in spans if 0 <= s.start < s.end <= len(doc.text)]
        if not out and name:
            # No span recorded: point at the first place the name is written, else at the fact stating it.
            pos = doc.text.find(name)
            if pos >= 0:
                out.append(Source(doc_key, pos, pos + len(name), name))
            elif fallback is not None and 0 <= fallback.start < fallback.end <= len(doc.text):
                out.append(Source(doc_key, fallback.start, fallback.end, doc.text[fallback.start : fallback.end]))
        return out

    def _occurrences(self, docs: Sequence[tuple[str, Document]]) -> list[_Occurrence]:
        occ: list[_Occurrence] = []
        for key, doc in docs:
            for t, name, aliases, spans, fallback in occurrence_names(doc):
                occ.append(_Occurrence(key, t, name, list(aliases), self._sources(key, doc, name, spans, fallback)))
        return occ

    # -- organizations ----------------------------------------------------------------------
    def _learned(self, docs: Sequence[tuple[str, Document]]) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
        """Short forms defined in texts: per document, and base-wide where unambiguous."""
        local: dict[str, dict[str, str]] = {}
        everywhere: dict[str, set[str]] = defaultdict(set)
        for key, doc in docs:
            mentions = [(doc.text[s.start : s.end], s.start, s.end) for e in doc.entities if e.type == "organization" for s in e.spans]
            defs = {normalize_name(d.short): normalize_name(d.full) for d in learn_definitions(doc.text, mentions)}
            local[key] = defs
            for short, full in defs.items():
                everywhere[short].add(full)
        unambiguous = {short: next(iter(fulls)) for short, fulls in everywhere.items() if len(fulls) == 1}
        return local, unambiguous

    def _org_key(self, name: str, local: dict[str, str], learned: dict[str, str]) -> str:
        n = normalize_name(name)
        n = local.get(n) or learned.get(n) or n
        if n in self.aliases.to_canonical:
            return self.aliases.to_canonical[n]
        # a sub-unit named with a short parent: 工信部网络安全管理局 = 工业和信息化部网络安全管理局
        for cut in range(min(len(n) - 2, 12), 2, -1):
            parent = self.aliases.to_canonical.get(n[:cut])
            # only short forms that end like a body (工信部, 中科院), not a brand (中国电子 + 信息行业联合会)
            if parent is not None and n[cut - 1] in _BODY_ENDINGS:
                return parent + n[cut:]
        return n

    @staticmethod
    def _company_short_forms(org_keys: set[str], place_keys: set[str], protected: set[str]) -> list[tuple[str, str]]:
        """(short, full) pairs where a bare name is the start of exactly one company's name in the base:
        黔云数安 = 黔云数安科技有限公司. The short form must cover at least half of the name before the
        company suffix, and must not be a place or a curated name."""
        by_prefix: dict[str, set[str]] = defaultdict(set)
        for full in org_keys:
            m = _COMPANY_SUFFIX.search(full)
            if not m:
                continue
            core = full[: m.start()]
            for cut in range(max(2, (len(core) + 1) // 2), len(core) + 1):
                by_prefix[core[:cut]].add(full)
        pairs = []
        for short in org_keys:
            if short in by_prefix and not _COMPANY_SUFFIX.search(short) and short not in place_keys \
                    and short not in protected and short[-1] not in "省市县区":
                fulls = by_prefix[short]
                if len(fulls) == 1:
                    pairs.append((short, next(iter(fulls))))
        return sorted(pairs)

    # -- the pass ---------------------------------------------------------------------------
    def resolve(self, docs: Sequence[tuple[str, Document]]) -> Resolution:
        """Resolve the entities of ``docs`` (ordered: earlier reports first) into base-wide entities."""
        occurrences = self._occurrences(docs)
        local_defs, learned = self._learned(docs)
        res = Resolution()
        doc_places: dict[str, set[str]] = defaultdict(set)

        # organizations and places: union-find over keys
        uf = {"organization": _UnionFind(), "place": _UnionFind()}
        keys_of: list[list[str]] = []
        for o in occurrences:
            if o.type == "organization":
                ks = [self._org_key(n, local_defs.get(o.doc, {}), learned) for n in [o.name, *o.aliases]]
            elif o.type == "place":
                ks = [place_key(n) for n in [o.name, *o.aliases]]
                doc_places[o.doc].update(ks)
            else:
                ks = [normalize_name(o.name)]
            keys_of.append(ks)
            if o.type in uf:
                for k in ks[1:]:
                    uf[o.type].union(ks[0], k)
        canonical_names = set(self.aliases.to_canonical.values())
        org_keys = {k for i, o in enumerate(occurrences) if o.type == "organization" for k in keys_of[i]}
        all_places = set(PROVINCES.values()) | {k for ks in doc_places.values() for k in ks}
        for short, full in self._company_short_forms(org_keys, all_places, set(self.aliases.to_canonical)):
            uf["organization"].union(short, full)
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, o in enumerate(occurrences):
            if o.type in uf:
                groups[(o.type, uf[o.type].find(keys_of[i][0]))].append(i)

        for (etype, root), members in groups.items():
            names = Counter()
            member_keys: set[str] = set()
            for i in members:
                o = occurrences[i]
                for n in [o.name, *o.aliases]:
                    names[normalize_name(n)] += 1
                member_keys.update(keys_of[i])
            name, eid = group_name(etype, root, names, member_keys, canonical_names)
            ent = res.entities.setdefault(eid, KBEntity(eid, etype, name))
            alias_set = set(names) | {k for k in member_keys}
            ent.aliases = sorted(a for a in alias_set if a != ent.name)
            for i in members:
                o = occurrences[i]
                ent.mentions.extend(o.sources)
                table = res.by_doc.setdefault(o.doc, {})
                for n in [o.name, *o.aliases]:
                    k = place_key(n) if etype == "place" else normalize_name(n)
                    table[(etype, k)] = eid
                    if etype == "organization":
                        table[(etype, self._org_key(n, local_defs.get(o.doc, {}), learned))] = eid
        # a learned short form used in a document without its own entity still resolves there
        for key, defs in local_defs.items():
            table = res.by_doc.setdefault(key, {})
            for short, full in defs.items():
                full_key = self.aliases.to_canonical.get(full, full)
                eid = table.get(("organization", full)) or table.get(("organization", full_key))
                if eid:
                    table.setdefault(("organization", short), eid)

        self._resolve_persons(docs, occurrences, keys_of, res, doc_places)
        for ent in res.entities.values():
            ent.mentions = sorted(set(ent.mentions), key=lambda s: (s.doc, s.start, s.end))
        return res

    def _resolve_persons(
        self,
        docs: Sequence[tuple[str, Document]],
        occurrences: list[_Occurrence],
        keys_of: list[list[str]],
        res: Resolution,
        doc_places: dict[str, set[str]],
    ) -> None:
        order = {key: i for i, (key, _d) in enumerate(docs)}
        content = self.content_keys or {key: d.content_key for key, d in docs}
        all_place_keys = set(PROVINCES.values()) | {k for ks in doc_places.values() for k in ks}
        # context of each (doc, person name): organizations from roles, places in the doc
        ctx_orgs: dict[tuple[str, str], set[str]] = defaultdict(set)
        ctx_places: dict[tuple[str, str], set[str]] = defaultdict(set)
        for key, doc in docs:
            for r in doc.roles:
                pk = (key, normalize_name(r.person))
                if r.organization:
                    oid = res.lookup(key, r.organization, "organization")
                    if oid:
                        ctx_orgs[pk].add(oid)
                    org = normalize_name(r.organization)
                    ctx_places[pk].update(_places_inside(org, all_place_keys))
        clusters: dict[str, list[dict]] = defaultdict(list)  # person key -> clusters
        person_occ = sorted(
            (i for i, o in enumerate(occurrences) if o.type == "person"), key=lambda i: (order.get(occurrences[i].doc, 0), i)
        )
        for i in person_occ:
            o = occurrences[i]
            pkey = keys_of[i][0]
            orgs = ctx_orgs.get((o.doc, pkey), set())
            places = ctx_places.get((o.doc, pkey), set()) | doc_places.get(o.doc, set())
            chosen = None
            for c in clusters[pkey]:
                if _same_person(c["orgs"], c["places"], orgs, places):
                    chosen = c
                    break
            if chosen is None:
                n = len(clusters[pkey])
                eid = _stable_id("person", pkey if n == 0 else f"{pkey}#{content.get(o.doc, o.doc)}")
                chosen = {"id": eid, "orgs": set(), "places": set()}
                clusters[pkey].append(chosen)
                res.entities[eid] = KBEntity(eid, "person", normalize_name(o.name))
            chosen["orgs"] |= orgs
            chosen["places"] |= places
            ent = res.entities[chosen["id"]]
            ent.mentions.extend(o.sources)
            for a in o.aliases:
                if normalize_name(a) != ent.name and normalize_name(a) not in ent.aliases:
                    ent.aliases.append(normalize_name(a))
            table = res.by_doc.setdefault(o.doc, {})
            for n in [o.name, *o.aliases]:
                table[("person", normalize_name(n))] = chosen["id"]


def occurrence_names(doc: Document) -> list[tuple[str, str, Sequence[str], Sequence[Span], Span | None]]:
    """(type, name, aliases, spans, fallback span) of each entity occurrence of a document: its
    entities, then the names only its facts mention (a role's person or organization, an event's
    place) when no entity of that type and name is there."""
    out: list[tuple[str, str, Sequence[str], Sequence[Span], Span | None]] = []
    seen: set[tuple[str, str]] = set()
    for e in doc.entities:
        out.append((e.type, e.name, e.aliases, e.spans, None))
        seen.add((e.type, normalize_name(e.name)))
        seen.update((e.type, normalize_name(a)) for a in e.aliases)
    extra: list[tuple[str, str, Span]] = []
    for r in doc.roles:
        extra.append(("person", r.person, r.span))
        if r.organization:
            extra.append(("organization", r.organization, r.span))
    for ev in doc.events:
        if ev.place:
            extra.append(("place", ev.place, ev.span))
    for t, name, span in extra:
        if (t, normalize_name(name)) not in seen:
            seen.add((t, normalize_name(name)))
            out.append((t, name, (), (), span))
    return out


def _places_inside(name: str, places: set[str]) -> set[str]:
    """Place keys written inside a name (四川省密码管理局 -> 四川), by its substrings of 2-8 characters."""
    return {name[i:j] for i in range(len(name)) for j in range(i + 2, min(len(name), i + 8) + 1) if name[i:j] in places}


def _same_person(c_orgs: set[str], c_places: set[str], orgs: set[str], places: set[str]) -> bool:
    """Whether an occurrence with (orgs, places) can be the person of a cluster.

    Shared organization: yes. Organizations and places both known on both sides and both
    disjoint: no (two people of one name). Anything less is not evidence of two people.
    """
    if orgs & c_orgs:
        return True
    orgs_differ = bool(orgs and c_orgs and not (orgs & c_orgs))
    places_differ = bool(places and c_places and not (places & c_places))
    return not (orgs_differ and places_differ)


def resolve(
    docs: Sequence[tuple[str, Document]], aliases: AliasTable | None = None, content_keys: dict[str, str] | None = None
) -> Resolution:
    """Resolve entities across ``docs`` (earlier reports first). See :class:`Resolver`.

    ``content_keys`` (document key -> content key, when already known) saves recomputing them."""
    return Resolver(aliases, content_keys).resolve(docs)
