#!/usr/bin/env python3
"""Adds or updates strings in a pair of .resx files (Japanese default + English).

usage: tools/resx-add.py PATH/WITHOUT/EXTENSION < strings.tsv
Each input line is: Key<TAB>日本語<TAB>English   (lines starting with # are ignored)
Writes PATH.resx (ja, the neutral culture) and PATH.en.resx, keeping keys sorted.
"""
import sys, os
import xml.etree.ElementTree as ET

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""

def load(path):
    if not os.path.exists(path):
        return {}
    root = ET.parse(path).getroot()
    return {d.get("name"): (d.find("value").text or "") for d in root.findall("data")}

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def save(path, data):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for k in sorted(data):
            f.write(f'  <data name="{esc(k)}" xml:space="preserve"><value>{esc(data[k])}</value></data>\n')
        f.write("</root>\n")

def main():
    base = sys.argv[1]
    ja_path, en_path = base + ".resx", base + ".en.resx"
    ja, en = load(ja_path), load(en_path)
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            sys.exit(f"bad line (need Key<TAB>ja<TAB>en): {line!r}")
        key, j, e = parts
        ja[key], en[key] = j.replace("\\n", "\n"), e.replace("\\n", "\n")
    os.makedirs(os.path.dirname(base) or ".", exist_ok=True)
    save(ja_path, ja)
    save(en_path, en)

if __name__ == "__main__":
    main()
