#!/bin/sh
# bench/make_s2t.sh — regenerates bench/s2t.tsv (simplified → traditional for every CJK character in
# bench/gen_corpus.py) with ICU's uconv; keeps a pair only when ICU maps the traditional form back to the same
# character. Run after adding characters to the generator's templates. Needs uconv (Debian icu-devtools).
set -eu
cd "$(dirname "$0")"
chars=$(python3 -c "
import re,sys
s=open('gen_corpus.py',encoding='utf-8').read()
print(''.join(sorted(set(c for c in s if '\u4e00'<=c<='\u9fff'))))")
{
  echo "# File: bench/s2t.tsv — simplified → traditional character table used by bench/gen_corpus.py"
  echo "# Format: simplified<TAB>traditional, one character each, sorted by code point, only characters that differ"
  echo "# Source: ICU Simplified-Traditional via uconv (bench/make_s2t.sh), round-trip checked with Traditional-Simplified"
  printf '%s' "$chars" | python3 -c "
import sys,subprocess
cs=sys.stdin.read()
t=subprocess.run(['uconv','-x','Simplified-Traditional'],input='\n'.join(cs),capture_output=True,text=True).stdout.split('\n')
back=subprocess.run(['uconv','-x','Traditional-Simplified'],input='\n'.join(t),capture_output=True,text=True).stdout.split('\n')
for s,tr,b in zip(cs,t,back):
    if len(tr)==1 and tr!=s and b==s: print(s+'\t'+tr)
"
} > s2t.tsv
