#!/usr/bin/env python3
"""Whole-article annotation tools (issue 28): pick the articles, show their text, turn a draft
that locates things by quotes into the committed form that keeps only offsets and codes.

  articles.py pick                 # the article list, reproducibly (seeded), to stdout
  articles.py text DOC [OUT]       # the text newsgraph analyses for DOC (path under ../shared/data)
  articles.py convert DRAFT OUT    # draft (quotes) -> annotation (byte offsets), validated
  articles.py check ANNOTATION     # re-validate a committed annotation against its article

The text is what `newsgraph analyze` sees: a BBC .txt file's bytes; a TimeML file's TEXT
element with its tags removed (as `dates::read_timeml`). Offsets are byte offsets into that
text (UTF-8), half-open. A committed annotation holds no article text, only offsets, codes and
the text's SHA-256, so an evaluation can tell when its article is not the one annotated.
"""
import hashlib
import json
import random
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
if not DATA.exists():
    DATA = Path("../shared/data").resolve()

PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
ENTITY_TYPES = {"PER", "ORG"}
PLACE_KINDS = {"Country", "Admin1", "Admin2", "City", "Region", "Other"}


def text_of(doc: str) -> str:
    path = DATA / doc
    if path.suffix == ".tml":
        root = ET.parse(path).getroot()
        body = root.find(".//TEXT")
        if body is None:
            raise SystemExit(f"{doc}: no TEXT element")
        return "".join(body.itertext())
    return path.read_bytes().decode("utf-8")


def slug(doc: str) -> str:
    p = Path(doc)
    if doc.startswith("bbc-news-2225/"):
        return f"bbc-{p.parent.name}-{p.stem}"
    corpus = "timebank" if "/TimeBank/" in doc else "aquaint"
    return f"{corpus}-{p.stem}"


def pick():
    """24 BBC politics, 12 BBC business, 12 TimeBank broadcast/wire (no WSJ), 12 AQUAINT;
    every third article of each group is held out as `test`."""
    rng = random.Random(28)
    groups = []
    for sub, n in (("politics", 24), ("business", 12)):
        files = sorted(f"bbc-news-2225/{sub}/{f.name}" for f in (DATA / "bbc-news-2225" / sub).glob("*.txt"))
        groups.append(rng.sample(files, n))
    tb = sorted(
        f"tempeval3-tbaq/TimeBank/{f.name}"
        for f in (DATA / "tempeval3-tbaq" / "TimeBank").glob("*.tml")
        if not f.name.lower().startswith("wsj")
    )
    groups.append(rng.sample(tb, 12))
    aq = sorted(f"tempeval3-tbaq/AQUAINT/{f.name}" for f in (DATA / "tempeval3-tbaq" / "AQUAINT").glob("*.tml"))
    groups.append(rng.sample(aq, 12))
    for g in groups:
        for i, doc in enumerate(g):
            print(f"{'test' if i % 3 == 2 else 'dev'}\t{slug(doc)}\t{doc}")


class Bad(Exception):
    pass


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def find_all(text: str, needle: str):
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def locate(text: str, item: dict, key: str = "text", within=None, what=""):
    """Character span of item[key]: inside item['context'] when given (the context unique in
    the text, or its `occurrence`-th, 1-based), else the quote itself must be unique (or
    `occurrence`)."""
    quote = item.get(key)
    if not quote:
        raise Bad(f"{what}: no '{key}'")
    lo, hi = within if within else (0, len(text))
    ctx = item.get("context") if key == "text" else None
    base = quote if not ctx else ctx
    hits = [h for h in find_all(text, base) if h >= lo and h + len(base) <= hi]
    if not hits:
        raise Bad(f"{what}: {base!r} not found")
    occ = item.get("occurrence")
    if occ is not None:
        if not 1 <= occ <= len(hits):
            raise Bad(f"{what}: occurrence {occ} of {base!r} but it occurs {len(hits)} times")
        at = hits[occ - 1]
    elif len(hits) > 1:
        raise Bad(f"{what}: {base!r} occurs {len(hits)} times: give a longer context or 'occurrence'")
    else:
        at = hits[0]
    if ctx:
        inner = [i for i in find_all(ctx, quote)
                 if (i == 0 or not is_word_char(ctx[i - 1]) or not is_word_char(quote[0]))
                 and (i + len(quote) == len(ctx) or not is_word_char(ctx[i + len(quote)]) or not is_word_char(quote[-1]))]
        if not inner:
            raise Bad(f"{what}: {quote!r} is not a whole word sequence inside context {ctx!r}")
        at += inner[0]
    return at, at + len(quote)


def to_bytes(text: str):
    """Character offset -> byte offset."""
    table, b = [0] * (len(text) + 1), 0
    for i, c in enumerate(text):
        table[i] = b
        b += len(c.encode("utf-8"))
    table[len(text)] = b
    return table


def convert(draft_path: str, out_path: str, split: str = None):
    d = json.loads(Path(draft_path).read_text())
    doc = d["doc"]
    text = text_of(doc)
    bt = to_bytes(text)
    B = lambda s: [bt[s[0]], bt[s[1]]]
    errors = []
    out = {
        "doc": doc,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "split": split or d.get("split", "dev"),
        "entities": [], "places": [], "quotations": [], "events": [],
    }
    ids = set()
    for i, e in enumerate(d.get("entities", [])):
        what = f"entity {e.get('id', i)}"
        try:
            if e.get("type") not in ENTITY_TYPES:
                raise Bad(f"{what}: type must be one of {sorted(ENTITY_TYPES)}")
            if e["id"] in ids:
                raise Bad(f"{what}: duplicate id")
            ids.add(e["id"])
            spans = []
            for j, m in enumerate(e.get("mentions", [])):
                spans.append(B(locate(text, m, what=f"{what} mention {j + 1}")))
            if not spans:
                raise Bad(f"{what}: no mentions")
            code = e.get("code") or ""
            check_code(code, what, allow_empty=True)
            out["entities"].append({"id": e["id"], "type": e["type"], "code": code,
                                    "mentions": sorted(spans)})
        except (Bad, KeyError) as x:
            errors.append(str(x))
    for i, p in enumerate(d.get("places", [])):
        what = f"place {i + 1} ({p.get('text')!r})"
        try:
            span = B(locate(text, p, what=what))
            kind = p.get("kind")
            if kind not in PLACE_KINDS:
                raise Bad(f"{what}: kind must be one of {sorted(PLACE_KINDS)}")
            gid = p.get("geonameid")
            if gid is not None and not isinstance(gid, int):
                raise Bad(f"{what}: geonameid must be an integer or null")
            out["places"].append({"span": span, "geonameid": gid, "kind": kind,
                                  "metonymic": bool(p.get("metonymic", False))})
        except Bad as x:
            errors.append(str(x))
    for i, q in enumerate(d.get("quotations", [])):
        what = f"quotation {i + 1}"
        try:
            b0, _ = locate(text, {"text": q.get("begin"), "occurrence": q.get("occurrence")}, what=what + " begin")
            _, e1 = locate(text, {"text": q.get("end"), "occurrence": 1}, within=(b0, len(text)), what=what + " end")
            if q.get("speaker") and q["speaker"] not in ids:
                raise Bad(f"{what}: speaker {q['speaker']!r} is not an entity id")
            out["quotations"].append({"span": B((b0, e1)), "speaker": q.get("speaker"),
                                      "speaker_code": q.get("speaker_code", "")})
        except Bad as x:
            errors.append(str(x))
    for i, ev in enumerate(d.get("events", [])):
        what = f"event {i + 1} ({ev.get('type')} {ev.get('evidence', '')[:40]!r})"
        try:
            if ev.get("type") not in PLOVER:
                raise Bad(f"{what}: type must be a PLOVER 2021 type")
            cameo = str(ev.get("cameo", ""))
            if not re.fullmatch(r"\d{2,4}", cameo):
                raise Bad(f"{what}: cameo must be 2-4 digits")
            ev_span = locate(text, {"text": ev.get("evidence"), "occurrence": ev.get("occurrence")}, what=what + " evidence")
            verb = locate(text, {"text": ev.get("verb"), "context": ev.get("evidence"),
                                 "occurrence": ev.get("occurrence")}, what=what + " verb")
            rec = {"evidence": B(ev_span), "verb": B(verb), "type": ev["type"], "cameo": cameo}
            for role in ("source", "target"):
                code = ev.get(role) or ""
                check_code(code, f"{what} {role}", allow_empty=True)
                rec[role] = code
                ent = ev.get(f"{role}_entity")
                if ent and ent not in ids:
                    raise Bad(f"{what}: {role}_entity {ent!r} is not an entity id")
                rec[f"{role}_entity"] = ent
            rec["hypothetical"] = bool(ev.get("hypothetical", False))
            rec["negated"] = bool(ev.get("negated", False))
            out["events"].append(rec)
        except Bad as x:
            errors.append(str(x))
    if errors:
        print(f"{draft_path}: {len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        raise SystemExit(1)
    out["entities"].sort(key=lambda e: e["mentions"][0])
    out["places"].sort(key=lambda p: p["span"])
    out["quotations"].sort(key=lambda q: q["span"])
    out["events"].sort(key=lambda e: (e["evidence"], e["type"], e["source"], e["target"]))
    Path(out_path).write_text(dump(out))
    print(f"{out_path}: {len(out['entities'])} entities, {len(out['places'])} places, "
          f"{len(out['quotations'])} quotations, {len(out['events'])} events")


def dump(a: dict) -> str:
    """One item per line: diffs of an annotation stay readable."""
    lines = ["{"]
    keys = list(a)
    for k, key in enumerate(keys):
        end = "," if k + 1 < len(keys) else ""
        v = a[key]
        if isinstance(v, list):
            if not v:
                lines.append(f' "{key}": []{end}')
                continue
            lines.append(f' "{key}": [')
            for i, item in enumerate(v):
                lines.append("  " + json.dumps(item, ensure_ascii=False) + ("," if i + 1 < len(v) else ""))
            lines.append(f" ]{end}")
        else:
            lines.append(f' "{key}": {json.dumps(v)}{end}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def check_code(code: str, what: str, allow_empty: bool):
    if not code:
        if allow_empty:
            return
        raise Bad(f"{what}: empty actor code")
    if not re.fullmatch(r"(---|[A-Z]{3})([A-Z]{3})*", code):
        raise Bad(f"{what}: actor code {code!r} is not CAMEO-style (3-letter country or IGO/---, then 3-letter roles)")


def check(path: str):
    a = json.loads(Path(path).read_text())
    text = text_of(a["doc"])
    h = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if h != a["text_sha256"]:
        raise SystemExit(f"{path}: the article's text changed (sha256 {h})")
    n = len(text.encode("utf-8"))
    spans = [m for e in a["entities"] for m in e["mentions"]] + [p["span"] for p in a["places"]] \
        + [q["span"] for q in a["quotations"]] + [e["evidence"] for e in a["events"]]
    bad = [s for s in spans if not 0 <= s[0] < s[1] <= n]
    if bad:
        raise SystemExit(f"{path}: spans outside the text: {bad[:5]}")
    print(f"{path}: ok")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "pick":
        pick()
    elif cmd == "text":
        t = text_of(sys.argv[2])
        if len(sys.argv) > 3:
            Path(sys.argv[3]).write_text(t)
        else:
            sys.stdout.write(t)
    elif cmd == "convert":
        convert(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    elif cmd == "check":
        for p in sys.argv[2:]:
            check(p)
    else:
        print(__doc__)
        raise SystemExit(2)
