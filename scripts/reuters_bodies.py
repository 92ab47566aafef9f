#!/usr/bin/env python3
"""Reuters-21578 story bodies as JSONL ({"id", "text"}), the raw news the greedy parser is
uptrained on (`analyze --input jsonl --parse-beam 8 --output conllu` parses them).

Usage: python3 scripts/reuters_bodies.py ../shared/data/reuters-21578 > reuters.jsonl

Keeps prose only: bodies of 200+ letters, not mostly capitals (all-caps wires and tables) and
not mostly figures. The wire's hard-wrapped lines are joined into paragraphs.
"""
import glob
import html
import json
import os
import re
import sys


def bodies(folder):
    for path in sorted(glob.glob(os.path.join(folder, "reut2-*.sgm"))):
        with open(path, encoding="latin-1") as f:
            raw = f.read()
        for m in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', raw, re.S):
            newid, doc = m.groups()
            body = re.search(r"<BODY>(.*?)</BODY>", doc, re.S)
            if body:
                yield newid, body.group(1)


def prose(body):
    text = html.unescape(body).replace("\x03", "")
    text = re.sub(r"\s*Reuter\s*$", "", text.strip())
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 200:
        return None
    if sum(c.isupper() for c in letters) / len(letters) > 0.3:
        return None
    if sum(c.isdigit() for c in text) / len(text) > 0.08:
        return None
    paras = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s{3,}|\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    seen = kept = 0
    for newid, body in bodies(sys.argv[1]):
        seen += 1
        text = prose(body)
        if text:
            kept += 1
            print(json.dumps({"id": f"reuters-{newid}", "text": text}))
    print(f"reuters_bodies: {kept} of {seen} bodies kept", file=sys.stderr)


if __name__ == "__main__":
    main()
