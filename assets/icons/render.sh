#!/bin/sh
# Regenerates the PNG icons from cocreate.svg, the only source drawn by hand.
# Needs rsvg-convert (Debian: librsvg2-bin); with optipng or oxipng installed, the PNGs are
# also shrunk losslessly. Run from anywhere: sh assets/icons/render.sh
set -eu
cd "$(dirname "$0")"
for size in 48 128 256; do
    mkdir -p "${size}x${size}"
    rsvg-convert --width "$size" --height "$size" --output "${size}x${size}/cocreate.png" cocreate.svg
    if command -v oxipng >/dev/null 2>&1; then
        oxipng --quiet --opt max --strip safe "${size}x${size}/cocreate.png"
    elif command -v optipng >/dev/null 2>&1; then
        optipng -quiet -o7 -strip all "${size}x${size}/cocreate.png"
    fi
done
