#!/bin/sh
# Re-runs every reference script and checks that it reproduces its committed output byte for byte.
# Needs R (plm, sandwich, AER, MatchIt, Matching) and Debian's /usr/bin/python3 with statsmodels.
# Usage: sh rerun-all.sh   (from this folder)
set -e
status=0
# the cases owned by docs/reference-cases.md (other folders here belong to other areas and have their own scripts)
cases="longley-nist grunfeld-pooled grunfeld-fe-oneway grunfeld-fe-twoway produc-unbalanced produc-subsample
produc-stepwise emplUK-lagged emplUK-lagged-gaps grunfeld-re-hausman did-produc heterogeneity-produc
moderation-produc mediation-produc psm-did-produc logit-probit-swisslabor logit-panel-produc psm-lalonde driscoll-kraay-grunfeld wild-bootstrap wild-bootstrap-multiway did-weighted-produc honestdid-medicaid imputation-produc didm-produc cs-produc threshold-produc spatial-moran-columbus spatial-lm-columbus spatial-lm-produc spatial-sar-sem-columbus spatial-panel-produc spatial-sac-columbus spatial-sac-panel-produc
spatial-cigar-elhorst"
for c in $cases; do
  if [ -f "$c/reference.R" ]; then
    target=expected.json
    [ -f "$c/reference.py" ] && target=expected_glm.json
    (cd "$c" && Rscript reference.R > /tmp/rerun.$$.json 2>/dev/null) && \
      if cmp -s /tmp/rerun.$$.json "$c/$target"; then echo "ok   $c/$target"; else echo "DIFF $c/$target"; status=1; fi
  fi
  if [ -f "$c/reference.py" ]; then
    (cd "$c" && /usr/bin/python3 reference.py > /tmp/rerun.$$.json 2>/dev/null) && \
      if cmp -s /tmp/rerun.$$.json "$c/expected.json"; then echo "ok   $c/expected.json"; else echo "DIFF $c/expected.json"; status=1; fi
  fi
done
rm -f /tmp/rerun.$$.json
exit $status
