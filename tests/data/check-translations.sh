#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that po/POTFILES.in is sorted and lists every file with
# translatable strings, and that po/ja.po translates every message of the
# current sources, with nothing fuzzy.
set -eu
src="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
status=0

grep -v '^#' po/POTFILES.in | grep -v '^$' > "$tmp/listed"
if ! LC_ALL=C sort -c "$tmp/listed" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted" >&2
  status=1
fi

for f in $(find app ui -name '*.c' -o -name '*.ui' | LC_ALL=C sort); do
  if grep -qE '(^|[^a-zA-Z_])(_|N_|C_|NC_|g_dngettext)[[:space:]]*\(|translatable="yes"' "$f"; then
    if ! grep -qxF "$f" "$tmp/listed"; then
      echo "$f has translatable strings but is not in po/POTFILES.in" >&2
      status=1
    fi
  fi
done
while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist" >&2; status=1; }
done < "$tmp/listed"

# The template as the sources make it now.
xgettext --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in --output="$tmp/kakehashi.pot" 2>"$tmp/xgettext.err" || {
    cat "$tmp/xgettext.err" >&2; exit 1; }

msgmerge --quiet --no-fuzzy-matching po/ja.po "$tmp/kakehashi.pot" -o "$tmp/ja.merged.po"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/ja.merged.po" 2>&1)
echo "ja: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "po/ja.po is incomplete:" >&2
    msgattrib --untranslated --no-obsolete "$tmp/ja.merged.po" | grep -E '^msgid ' | head -50 >&2
    status=1 ;;
esac
exit $status
