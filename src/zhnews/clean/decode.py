"""The Decode stage: raw bytes -> ``raw_text`` with the encoding detected, or a Reject saying why."""

from __future__ import annotations

from dataclasses import dataclass

from zhnews.clean.encoding import Undecodable, decode_bytes, repair_mojibake
from zhnews.document import Document, Reject

MAX_NUL_SHARE = 0.01


@dataclass(slots=True)
class Decode:
    """Detect the encoding (BOM, declaration, plausibility vote), repair mojibake, drop ``raw``.

    Documents that arrive already decoded (JSON Lines fields) get the same NUL and mojibake checks.
    """

    def __call__(self, doc: Document) -> Document | Reject:
        if doc.raw is not None:
            result = decode_bytes(doc.raw, declared=doc.hints.get("charset"))
            if isinstance(result, Undecodable):
                return Reject(doc.source, result.reason, "decode")
            text = result.text
            doc.encoding = result.encoding
            doc.flags.extend(result.flags)
        else:
            text = doc.raw_text
            doc.encoding = doc.encoding or "utf-8"
            if "\x00" in text:
                if text.count("\x00") > len(text) * MAX_NUL_SHARE:
                    return Reject(doc.source, "binary content (NUL characters in text)", "decode")
                text = text.replace("\x00", "")
                doc.flags.append("nul_bytes_removed")
        text, flags = repair_mojibake(text)
        doc.flags.extend(flags)
        if not text.strip():
            return Reject(doc.source, "empty document", "decode")
        doc.raw_text = text
        doc.raw = None
        return doc
