#!/usr/bin/env python3
"""encode_glyphs.py — writes the seed inputs of fuzz_pdf_text (see src/report/fuzz_pdf_text.c for the
record format) into fuzz/corpus/fuzz_pdf_text/:
  real-243    the glyph positions of tests/fixtures/real/243.pdf (pages 3–4, table 三 and 四), taken
              from `pdftotext -bbox` (each word box split evenly into its characters; characters
              outside the fuzzer's alphabet become 公)
  synthetic   a small table with a vertical group label, a wrapped label, a blank cell and page numbers
Usage: fuzz/encode_glyphs.py   (from the repository root; needs pdftotext from poppler-utils)"""
import html
import re
import struct
import subprocess

ALPHABET = list('0123456789') + ['三', '本', '年', '度', '（', '）', '一', '、', '总', '计', '公', '开', '第', '页',
                                 '-', '/', '.', '申', '请', '予', '以', '不']


def record(x, y, size, ch):
    sym = ALPHABET.index(ch) if ch in ALPHABET else ALPHABET.index('公')
    return struct.pack('<HHBB', int(x * 16) & 0xFFFF, int(y * 16) & 0xFFFF, max(0, int(size) - 4) % 28, sym)


def real():
    out = subprocess.run(['pdftotext', '-bbox', '-f', '3', '-l', '4', 'tests/fixtures/real/243.pdf', '-'],
                         capture_output=True, text=True, check=True).stdout
    recs, first = [], True
    for line in out.splitlines():
        if '<page ' in line:
            if not first:
                recs.append(struct.pack('<HHBB', 0, 0, 0, 0xFF))
            first = False
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if not m:
            continue
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        word = html.unescape(m.group(5))
        step = (x1 - x0) / max(1, len(word))
        for i, ch in enumerate(word):
            recs.append(record(x0 + i * step, y0, y1 - y0, ch))
    return b''.join(recs)


def synthetic():
    recs = []

    def put(x, y, text, size=10):
        for ch in text:
            recs.append(record(x, y, size, ch))
            x += size if ord(ch) > 127 else size / 2
    for i, ch in enumerate('三本年度'):
        put(20, 100 + 10 * i, ch)
    put(60, 100, '（一）予以公开'), put(300, 100, '5'), put(340, 100, '0'), put(380, 100, '5')
    put(60, 120, '一、不予公开'), put(300, 120, '1'), put(380, 120, '1')
    put(60, 137, '（二）公开申请'), put(300, 143, '9'), put(340, 143, '0'), put(380, 143, '9'), put(60, 149, '以不予')
    put(60, 175, '总计'), put(300, 175, '14'), put(60, 175, '总计')
    put(290, 800, '-1-')
    recs.append(struct.pack('<HHBB', 0, 0, 0, 0xFF))
    put(280, 30, '第2页')
    return b''.join(recs)


open('fuzz/corpus/fuzz_pdf_text/real-243', 'wb').write(real())
open('fuzz/corpus/fuzz_pdf_text/synthetic', 'wb').write(synthetic())
