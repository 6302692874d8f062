;; accumulate's outcome codes and precision/recall curves (accumulate.ts outcomesOf, curve.ts curve)
;; with the same operations in the same order, over arrays in this module's memory. Addresses are
;; byte addresses; counts are elements.
(module
  (import "env" "memory" (memory 1))

  ;; The outcome (0 ignored, 1 TP, 2 FP) of every ranked detection of groups g0 .. g1 at every
  ;; threshold, at codes[t * n + rank] (outcomesOf); rankOf is the category's, from its first detection.
  (func $outcomes (export "outcomes")
    (param $g0 i32) (param $g1 i32) (param $dtStart i32) (param $T i32) (param $n i32) (param $rankOf i32)
    (param $dtMatches i32) (param $dtIgnore i32) (param $gtIds i32) (param $codes i32)
    (local $first i32) (local $g i32) (local $d0 i32) (local $D i32) (local $t i32) (local $row i32)
    (local $out i32) (local $d i32) (local $at i32) (local $match i32) (local $code i32)
    (local.set $first (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $g0) (i32.const 2)))))
    (local.set $g (local.get $g0))
    (block $groups (loop $nextGroup
      (br_if $groups (i32.ge_s (local.get $g) (local.get $g1)))
      (local.set $d0 (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $g) (i32.const 2)))))
      (local.set $D (i32.sub
        (i32.load (i32.add (local.get $dtStart) (i32.shl (i32.add (local.get $g) (i32.const 1)) (i32.const 2))))
        (local.get $d0)))
      (local.set $t (i32.const 0))
      (block $thresholds (loop $nextThreshold
        (br_if $thresholds (i32.ge_s (local.get $t) (local.get $T)))
        (local.set $row (i32.add (i32.mul (local.get $T) (local.get $d0)) (i32.mul (local.get $t) (local.get $D))))
        (local.set $out (i32.mul (local.get $t) (local.get $n)))
        (local.set $d (i32.const 0))
        (block $rows (loop $nextRow
          (br_if $rows (i32.ge_s (local.get $d) (local.get $D)))
          (local.set $at (i32.add (local.get $row) (local.get $d)))
          (local.set $match (i32.load (i32.add (local.get $dtMatches) (i32.shl (local.get $at) (i32.const 2)))))
          (local.set $code
            (if (result i32) (i32.ne (i32.load8_u (i32.add (local.get $dtIgnore) (local.get $at))) (i32.const 0))
              (then (i32.const 0))
              (else
                (if (result i32) (i32.ge_s (local.get $match) (i32.const 0))
                  (then
                    (if (result i32)
                      (f64.ne (f64.load (i32.add (local.get $gtIds) (i32.shl (local.get $match) (i32.const 3))))
                        (f64.const 0))
                      (then (i32.const 1))
                      (else (i32.const 2))))
                  (else (i32.const 2))))))
          (i32.store8
            (i32.add (local.get $codes)
              (i32.add (local.get $out)
                (i32.load (i32.add (local.get $rankOf)
                  (i32.shl (i32.add (i32.sub (local.get $d0) (local.get $first)) (local.get $d)) (i32.const 2))))))
            (local.get $code))
          (local.set $d (i32.add (local.get $d) (i32.const 1)))
          (br $nextRow)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $nextThreshold)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $nextGroup))))

  ;; One precision/recall curve (curve.ts curve): codes of threshold t from c0, the ranked detections
  ;; idx[0 .. count); precision and score at each of the R recall thresholds written at
  ;; first + r * step (elements of the precision and scores arrays); returns the final recall.
  (func $curve (export "curve")
    (param $codes i32) (param $c0 i32) (param $idx i32) (param $count i32) (param $score i32) (param $npig f64)
    (param $recThrs i32) (param $R i32) (param $precision i32) (param $scores i32) (param $first i32) (param $step i32)
    (param $tpAt i32) (param $fpAt i32) (param $tpPrecision i32)
    (result f64)
    (local $tp i32) (local $fp i32) (local $q i32) (local $i i32) (local $code i32) (local $v i32)
    (local $r i32) (local $threshold f64) (local $at i32) (local $p f64) (local $s f64)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $q) (local.get $count)))
      (local.set $i (i32.load (i32.add (local.get $idx) (i32.shl (local.get $q) (i32.const 2)))))
      (local.set $code (i32.load8_u (i32.add (local.get $codes) (i32.add (local.get $c0) (local.get $i)))))
      (i32.store (i32.add (local.get $tpAt) (i32.shl (local.get $tp) (i32.const 2))) (local.get $i))
      (i32.store (i32.add (local.get $fpAt) (i32.shl (local.get $tp) (i32.const 2))) (local.get $fp))
      (local.set $tp (i32.add (local.get $tp) (i32.and (local.get $code) (i32.const 1))))
      (local.set $fp (i32.add (local.get $fp) (i32.shr_u (local.get $code) (i32.const 1))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next)))
    ;; tpPrecision[v - 1] = v / (fpAt[v - 1] + v + EPS)
    (local.set $v (i32.const 1))
    (block $done (loop $next
      (br_if $done (i32.gt_s (local.get $v) (local.get $tp)))
      (f64.store
        (i32.add (local.get $tpPrecision) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 3)))
        (f64.div (f64.convert_i32_s (local.get $v))
          (f64.add
            (f64.convert_i32_s (i32.add
              (i32.load (i32.add (local.get $fpAt) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 2))))
              (local.get $v)))
            (f64.const 2.220446049250313e-16))))
      (local.set $v (i32.add (local.get $v) (i32.const 1)))
      (br $next)))
    ;; the envelope from the right
    (local.set $v (i32.sub (local.get $tp) (i32.const 1)))
    (block $done (loop $next
      (br_if $done (i32.le_s (local.get $v) (i32.const 0)))
      (local.set $p (f64.load (i32.add (local.get $tpPrecision) (i32.shl (local.get $v) (i32.const 3)))))
      (if (f64.gt (local.get $p)
            (f64.load (i32.add (local.get $tpPrecision) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 3)))))
        (then (f64.store
          (i32.add (local.get $tpPrecision) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 3)))
          (local.get $p))))
      (local.set $v (i32.sub (local.get $v) (i32.const 1)))
      (br $next)))
    (local.set $v (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $r) (local.get $R)))
      (local.set $threshold (f64.load (i32.add (local.get $recThrs) (i32.shl (local.get $r) (i32.const 3)))))
      (block $found (loop $advance
        (br_if $found (i32.gt_s (local.get $v) (local.get $tp)))
        (br_if $found (i32.eqz (f64.lt (f64.div (f64.convert_i32_s (local.get $v)) (local.get $npig))
                                       (local.get $threshold))))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $advance)))
      (local.set $at (i32.shl (i32.add (local.get $first) (i32.mul (local.get $r) (local.get $step))) (i32.const 3)))
      (if (i32.or (i32.eqz (local.get $count)) (i32.gt_s (local.get $v) (local.get $tp)))
        (then
          (local.set $p (f64.const 0))
          (local.set $s (f64.const 0)))
        (else
          (if (i32.eqz (local.get $v))
            (then
              (local.set $p (if (result f64) (i32.gt_s (local.get $tp) (i32.const 0))
                (then (f64.load (local.get $tpPrecision)))
                (else (f64.const 0))))
              (local.set $s (f64.load (i32.add (local.get $score)
                (i32.shl (i32.load (local.get $idx)) (i32.const 3))))))
            (else
              (local.set $p (f64.load (i32.add (local.get $tpPrecision)
                (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 3)))))
              (local.set $s (f64.load (i32.add (local.get $score) (i32.shl
                (i32.load (i32.add (local.get $tpAt) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 2))))
                (i32.const 3)))))))))
      (f64.store (i32.add (local.get $precision) (local.get $at)) (local.get $p))
      (f64.store (i32.add (local.get $scores) (local.get $at)) (local.get $s))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next)))
    (if (result f64) (i32.eqz (local.get $count))
      (then (f64.const 0))
      (else (f64.div (f64.convert_i32_s (local.get $tp)) (local.get $npig)))))

  ;; The true positives among the ranked detections idx[0 .. count) at the codes from c0 (recallAt).
  (func $truePositives (export "truePositives") (param $codes i32) (param $c0 i32) (param $idx i32) (param $count i32)
    (result i32)
    (local $q i32) (local $tp i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $q) (local.get $count)))
      (local.set $tp (i32.add (local.get $tp) (i32.and (i32.const 1)
        (i32.load8_u (i32.add (local.get $codes) (i32.add (local.get $c0)
          (i32.load (i32.add (local.get $idx) (i32.shl (local.get $q) (i32.const 2))))))))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next)))
    (local.get $tp))

  ;; Every maxDets' and threshold's curve of category k in area a (curve.ts categoryCurves), after its
  ;; outcome codes: the category's n ranked detections from position `from`; keptCount[m] the ranks
  ;; maxDets m keeps (-1: every one, ranks `every`), at keptBase[m] + 4 × from; precision, scores
  ;; (T·R·K·A·M) and recall (T·K·A·M) in C order. With recallOnly, maxDets but the last get NaN curves
  ;; and their recall only; a maxDets that keeps every detection copies the first such curve.
  (func (export "categoryCurves")
    (param $k i32) (param $a i32) (param $g0 i32) (param $g1 i32) (param $n i32) (param $from i32)
    (param $npig f64) (param $recallOnly i32)
    (param $T i32) (param $R i32) (param $K i32) (param $A i32) (param $M i32)
    (param $dtStart i32) (param $rankOf i32) (param $dtMatches i32) (param $dtIgnore i32) (param $gtIds i32)
    (param $keptBase i32) (param $keptCount i32) (param $every i32) (param $codes i32) (param $score i32)
    (param $recThrs i32) (param $precision i32) (param $scores i32) (param $recall i32)
    (param $tpAt i32) (param $fpAt i32) (param $tpPrecision i32)
    (local $step i32) (local $whole i32) (local $m i32) (local $count i32) (local $idx i32) (local $isNull i32)
    (local $partial i32) (local $t i32) (local $first i32) (local $rAt i32) (local $r i32) (local $i i32)
    (local $shift i32) (local $value f64)
    (call $outcomes (local.get $g0) (local.get $g1) (local.get $dtStart) (local.get $T) (local.get $n)
      (i32.add (local.get $rankOf) (i32.shl (local.get $from) (i32.const 2)))
      (local.get $dtMatches) (local.get $dtIgnore) (local.get $gtIds) (local.get $codes))
    (local.set $step (i32.mul (i32.mul (local.get $K) (local.get $A)) (local.get $M)))
    (local.set $whole (i32.const -1))
    (block $maxDets (loop $nextMaxDets
      (br_if $maxDets (i32.ge_s (local.get $m) (local.get $M)))
      (local.set $count (i32.load (i32.add (local.get $keptCount) (i32.shl (local.get $m) (i32.const 2)))))
      (local.set $isNull (i32.lt_s (local.get $count) (i32.const 0)))
      (if (local.get $isNull)
        (then
          (local.set $idx (local.get $every))
          (local.set $count (local.get $n)))
        (else
          (local.set $idx (i32.add
            (i32.load (i32.add (local.get $keptBase) (i32.shl (local.get $m) (i32.const 2))))
            (i32.shl (local.get $from) (i32.const 2))))))
      (local.set $partial (i32.and (local.get $recallOnly)
        (i32.lt_s (local.get $m) (i32.sub (local.get $M) (i32.const 1)))))
      (local.set $t (i32.const 0))
      (block $thresholds (loop $nextThreshold
        (br_if $thresholds (i32.ge_s (local.get $t) (local.get $T)))
        ;; first = (t·R·K + k)·A·M + a·M + m; rAt = ((t·K + k)·A + a)·M + m
        (local.set $first (i32.add
          (i32.add
            (i32.mul (i32.mul (i32.add (i32.mul (i32.mul (local.get $t) (local.get $R)) (local.get $K)) (local.get $k))
              (local.get $A)) (local.get $M))
            (i32.mul (local.get $a) (local.get $M)))
          (local.get $m)))
        (local.set $rAt (i32.add
          (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $t) (local.get $K)) (local.get $k)) (local.get $A))
            (local.get $a)) (local.get $M))
          (local.get $m)))
        (if (local.get $partial)
          (then
            (local.set $r (i32.const 0))
            (block $done (loop $next
              (br_if $done (i32.ge_s (local.get $r) (local.get $R)))
              (local.set $i (i32.shl (i32.add (local.get $first) (i32.mul (local.get $r) (local.get $step))) (i32.const 3)))
              (f64.store (i32.add (local.get $precision) (local.get $i)) (f64.const nan))
              (f64.store (i32.add (local.get $scores) (local.get $i)) (f64.const nan))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br $next)))
            (local.set $value (if (result f64) (i32.eqz (local.get $count))
              (then (f64.const 0))
              (else (f64.div
                (f64.convert_i32_s (call $truePositives (local.get $codes) (i32.mul (local.get $t) (local.get $n))
                  (local.get $idx) (local.get $count)))
                (local.get $npig)))))
            (f64.store (i32.add (local.get $recall) (i32.shl (local.get $rAt) (i32.const 3))) (local.get $value)))
          (else
            (if (i32.and (local.get $isNull) (i32.ge_s (local.get $whole) (i32.const 0)))
              (then
                ;; copyCurve: the curve of maxDets `whole`, shift positions away
                (local.set $shift (i32.shl (i32.sub (local.get $whole) (local.get $m)) (i32.const 3)))
                (local.set $i (i32.add (local.get $recall) (i32.shl (local.get $rAt) (i32.const 3))))
                (f64.store (local.get $i) (f64.load (i32.add (local.get $i) (local.get $shift))))
                (local.set $r (i32.const 0))
                (block $done (loop $next
                  (br_if $done (i32.ge_s (local.get $r) (local.get $R)))
                  (local.set $i (i32.shl (i32.add (local.get $first) (i32.mul (local.get $r) (local.get $step))) (i32.const 3)))
                  (f64.store (i32.add (local.get $precision) (local.get $i))
                    (f64.load (i32.add (i32.add (local.get $precision) (local.get $i)) (local.get $shift))))
                  (f64.store (i32.add (local.get $scores) (local.get $i))
                    (f64.load (i32.add (i32.add (local.get $scores) (local.get $i)) (local.get $shift))))
                  (local.set $r (i32.add (local.get $r) (i32.const 1)))
                  (br $next))))
              (else
                (f64.store (i32.add (local.get $recall) (i32.shl (local.get $rAt) (i32.const 3)))
                  (call $curve (local.get $codes) (i32.mul (local.get $t) (local.get $n)) (local.get $idx)
                    (local.get $count) (i32.add (local.get $score) (i32.shl (local.get $from) (i32.const 3)))
                    (local.get $npig) (local.get $recThrs) (local.get $R) (local.get $precision) (local.get $scores)
                    (local.get $first) (local.get $step) (local.get $tpAt) (local.get $fpAt) (local.get $tpPrecision)))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $nextThreshold)))
      (if (i32.and (i32.and (local.get $isNull) (i32.lt_s (local.get $whole) (i32.const 0)))
            (i32.eqz (local.get $partial)))
        (then (local.set $whole (local.get $m))))
      (local.set $m (i32.add (local.get $m) (i32.const 1)))
      (br $nextMaxDets))))

  ;; pairwise-sum.ts pairwiseSum of the n f64 at byte address $v: NumPy's pairwise_sum (blocks of up to
  ;; 128 summed with 8 accumulators, split in halves above), the same additions in the same order.
  (func $pairwiseSum (param $v i32) (param $n i32) (result f64)
    (local $res f64) (local $i i32) (local $end i32) (local $n2 i32) (local $p i32)
    (local $r0 f64) (local $r1 f64) (local $r2 f64) (local $r3 f64)
    (local $r4 f64) (local $r5 f64) (local $r6 f64) (local $r7 f64)
    (if (i32.lt_s (local.get $n) (i32.const 8))
      (then
        (block $done (loop $next
          (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
          (local.set $res (f64.add (local.get $res)
            (f64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (return (local.get $res))))
    (if (i32.le_s (local.get $n) (i32.const 128))
      (then
        (local.set $r0 (f64.load (local.get $v)))
        (local.set $r1 (f64.load offset=8 (local.get $v)))
        (local.set $r2 (f64.load offset=16 (local.get $v)))
        (local.set $r3 (f64.load offset=24 (local.get $v)))
        (local.set $r4 (f64.load offset=32 (local.get $v)))
        (local.set $r5 (f64.load offset=40 (local.get $v)))
        (local.set $r6 (f64.load offset=48 (local.get $v)))
        (local.set $r7 (f64.load offset=56 (local.get $v)))
        (local.set $i (i32.const 8))
        (local.set $end (i32.sub (local.get $n) (i32.rem_s (local.get $n) (i32.const 8))))
        (block $done (loop $next
          (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
          (local.set $p (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))
          (local.set $r0 (f64.add (local.get $r0) (f64.load (local.get $p))))
          (local.set $r1 (f64.add (local.get $r1) (f64.load offset=8 (local.get $p))))
          (local.set $r2 (f64.add (local.get $r2) (f64.load offset=16 (local.get $p))))
          (local.set $r3 (f64.add (local.get $r3) (f64.load offset=24 (local.get $p))))
          (local.set $r4 (f64.add (local.get $r4) (f64.load offset=32 (local.get $p))))
          (local.set $r5 (f64.add (local.get $r5) (f64.load offset=40 (local.get $p))))
          (local.set $r6 (f64.add (local.get $r6) (f64.load offset=48 (local.get $p))))
          (local.set $r7 (f64.add (local.get $r7) (f64.load offset=56 (local.get $p))))
          (local.set $i (i32.add (local.get $i) (i32.const 8)))
          (br $next)))
        (local.set $res (f64.add
          (f64.add (f64.add (local.get $r0) (local.get $r1)) (f64.add (local.get $r2) (local.get $r3)))
          (f64.add (f64.add (local.get $r4) (local.get $r5)) (f64.add (local.get $r6) (local.get $r7)))))
        (block $done (loop $next
          (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
          (local.set $res (f64.add (local.get $res)
            (f64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (return (local.get $res))))
    (local.set $n2 (i32.div_s (local.get $n) (i32.const 2)))
    (local.set $n2 (i32.sub (local.get $n2) (i32.rem_s (local.get $n2) (i32.const 8))))
    (f64.add
      (call $pairwiseSum (local.get $v) (local.get $n2))
      (call $pairwiseSum (i32.add (local.get $v) (i32.shl (local.get $n2) (i32.const 3)))
        (i32.sub (local.get $n) (local.get $n2)))))

  ;; summarize.ts summarizeStat: the mean (pairwise sum / count) of the cells > -1 of precision
  ;; (cells [T, R, K, A, M]) or recall (R = 1) at area a and maxDets m, over thresholds t0 .. t1, every
  ;; r and categories k0 .. k1, picked in (t, r, k) order into $values; -1 when there is none.
  (func (export "statMean")
    (param $cells i32) (param $t0 i32) (param $t1 i32) (param $R i32) (param $K i32) (param $A i32)
    (param $M i32) (param $a i32) (param $m i32) (param $k0 i32) (param $k1 i32) (param $values i32)
    (result f64)
    (local $t i32) (local $r i32) (local $k i32) (local $n i32) (local $x f64) (local $AM i32) (local $am i32)
    (local $row i32)
    (local.set $AM (i32.mul (local.get $A) (local.get $M)))
    (local.set $am (i32.add (i32.mul (local.get $a) (local.get $M)) (local.get $m)))
    (local.set $t (local.get $t0))
    (block $doneT (loop $nextT
      (br_if $doneT (i32.ge_s (local.get $t) (local.get $t1)))
      (local.set $r (i32.const 0))
      (block $doneR (loop $nextR
        (br_if $doneR (i32.ge_s (local.get $r) (local.get $R)))
        (local.set $row (i32.mul (i32.add (i32.mul (local.get $t) (local.get $R)) (local.get $r)) (local.get $K)))
        (local.set $k (local.get $k0))
        (block $doneK (loop $nextK
          (br_if $doneK (i32.ge_s (local.get $k) (local.get $k1)))
          (local.set $x (f64.load (i32.add (local.get $cells) (i32.shl
            (i32.add (i32.mul (i32.add (local.get $row) (local.get $k)) (local.get $AM)) (local.get $am))
            (i32.const 3)))))
          (if (f64.gt (local.get $x) (f64.const -1))
            (then
              (f64.store (i32.add (local.get $values) (i32.shl (local.get $n) (i32.const 3))) (local.get $x))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $nextK)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextR)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $nextT)))
    (if (result f64) (i32.eqz (local.get $n))
      (then (f64.const -1))
      (else (f64.div (call $pairwiseSum (local.get $values) (local.get $n)) (f64.convert_i32_s (local.get $n))))))
)
