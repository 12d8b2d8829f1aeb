#!/usr/bin/env bash
# Then: RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir . tokenizer   (or lowering)
# Seeds both fuzz targets' corpora with every fixture configuration.
set -euo pipefail
cd "$(dirname "$0")"
for target in tokenizer lowering; do
    mkdir -p "corpus/$target"
    find ../../fixtures -name '*.cfg' -type f -print0 |
        while IFS= read -r -d '' f; do
            cp "$f" "corpus/$target/$(echo "$f" | sed 's|^\.\./\.\./fixtures/||; s|/|__|g')"
        done
done
echo "seeded: $(ls corpus/tokenizer | wc -l) files per target"
