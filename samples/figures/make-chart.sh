#!/bin/sh
# Makes poverty-chart.png from poverty-chart.ps (Ghostscript): the
# chart of samples/a-64-665.xml, 480 x 300 pt at 150 dpi, grey.
cd "$(dirname "$0")" || exit 1
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pnggray -r150 \
   -dTextAlphaBits=4 -dGraphicsAlphaBits=4 \
   -sOutputFile=poverty-chart.png poverty-chart.ps
