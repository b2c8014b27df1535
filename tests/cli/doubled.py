#!/usr/bin/env python3
"""doubled.py: prints every sentence of the given reports (MD, HTML, DOCX)
in which a span of 8 or more words occurs twice, as FILE: SPAN || SENTENCE;
exits 1 when it found one. Sentences end at . ; : ! ? and line breaks; words
are runs of letters and digits, compared case-insensitively."""
import re, sys, zipfile, html

N = 8

def text_of(path):
    if path.endswith(".docx"):
        x = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        x = re.sub(r"<w:br[^>]*/>|</w:p>|<w:tab/>", "\n", x)
        return html.unescape(re.sub(r"<[^>]+>", "", x))
    t = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        t = html.unescape(re.sub(r"<br[^>]*>|</p>|</td>|</th>|</h\d>", "\n", t))
        t = re.sub(r"<[^>]+>", "", t)
    return t

def doubled(sentence):
    words = [w.lower() for w in re.findall(r"\w+", sentence)]
    seen = {}
    for i in range(len(words) - N + 1):
        key = tuple(words[i:i + N])
        if key in seen and seen[key] + N <= i:
            return " ".join(key)
        seen.setdefault(key, i)
    return None

found = 0
for path in sys.argv[1:]:
    # A decimal comma or point between digits does not end a sentence.
    for s in re.split(r"(?<!\d)[.;:!?](?!\d)|[.;:!?](?=\s|$)|\n", text_of(path)):
        span = doubled(s)
        if span:
            found += 1
            print(f"{path}: {span} || {s.strip()[:300]}")
sys.exit(1 if found else 0)
