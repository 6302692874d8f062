;; tide-points.ts OrderedPoints.meanAp (and tide.ts fixedPoints, below): TIDE's mean AP over data points (class, positive) already in
;; score order per class, from the precisions at the true positives, with the same operations in the
;; same order (f64.max is Math.max). Addresses are byte addresses; counts are elements.
(module
  (import "env" "memory" (memory 1))

  (func $classAp (param $precision i32) (param $at i32) (param $tp i32) (param $gt f64) (result f64)
    (local $v i32) (local $p i32) (local $sum f64) (local $r i32) (local $x f64)
    ;; envelope: made monotone from the right
    (local.set $v (i32.sub (local.get $tp) (i32.const 1)))
    (block $done (loop $next
      (br_if $done (i32.le_s (local.get $v) (i32.const 0)))
      (local.set $p (i32.add (local.get $precision)
        (i32.shl (i32.sub (i32.add (local.get $at) (local.get $v)) (i32.const 1)) (i32.const 3))))
      (f64.store (local.get $p) (f64.max (f64.load (local.get $p)) (f64.load offset=8 (local.get $p))))
      (local.set $v (i32.sub (local.get $v) (i32.const 1)))
      (br $next)))
    ;; recallPointsSum
    (local.set $p (i32.add (local.get $precision) (i32.shl (local.get $at) (i32.const 3))))
    (local.set $sum (if (result f64) (i32.gt_s (local.get $tp) (i32.const 0))
      (then (f64.load (local.get $p)))
      (else (f64.const 0))))
    (local.set $v (i32.const 1))
    (local.set $r (i32.const 1))
    (block $done (loop $next
      (br_if $done (i32.gt_s (local.get $r) (i32.const 100)))
      (local.set $x (f64.div (f64.convert_i32_s (local.get $r)) (f64.const 100)))
      (block $found (loop $advance
        (br_if $found (i32.gt_s (local.get $v) (local.get $tp)))
        (br_if $found (i32.eqz (f64.lt (f64.div (f64.convert_i32_s (local.get $v)) (local.get $gt)) (local.get $x))))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $advance)))
      (local.set $sum (f64.add (local.get $sum)
        (if (result f64) (i32.le_s (local.get $v) (local.get $tp))
          (then (f64.load (i32.add (local.get $p) (i32.shl (i32.sub (local.get $v) (i32.const 1)) (i32.const 3)))))
          (else (f64.const 0)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next)))
    (f64.div (local.get $sum) (f64.const 101)))

  ;; n points (category i32, positive u8); per class (K): points, positives, seen, tpSeen (i32, zeroed
  ;; here), offset (i32 × (K + 1)), gtCount (f64); precision (f64 × n) scratch.
  (func (export "meanAp")
    (param $n i32) (param $K i32) (param $category i32) (param $positive i32) (param $points i32)
    (param $positives i32) (param $seen i32) (param $tpSeen i32) (param $offset i32) (param $gtCount i32)
    (param $precision i32)
    (result f64)
    (local $i i32) (local $c i32) (local $a i32) (local $at i32) (local $v i32) (local $k i32)
    (local $sum f64) (local $classes i32) (local $gt f64)
    (memory.fill (local.get $points) (i32.const 0) (i32.shl (local.get $K) (i32.const 2)))
    (memory.fill (local.get $positives) (i32.const 0) (i32.shl (local.get $K) (i32.const 2)))
    (memory.fill (local.get $seen) (i32.const 0) (i32.shl (local.get $K) (i32.const 2)))
    (memory.fill (local.get $tpSeen) (i32.const 0) (i32.shl (local.get $K) (i32.const 2)))
    (i32.store (local.get $offset) (i32.const 0))
    ;; countPoints
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $c (i32.shl (i32.load (i32.add (local.get $category) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2)))
      (local.set $a (i32.add (local.get $points) (local.get $c)))
      (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
      (local.set $a (i32.add (local.get $positives) (local.get $c)))
      (i32.store (local.get $a) (i32.add (i32.load (local.get $a))
        (i32.load8_u (i32.add (local.get $positive) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    ;; offsets
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $k) (local.get $K)))
      (local.set $a (i32.add (local.get $offset) (i32.shl (local.get $k) (i32.const 2))))
      (i32.store offset=4 (local.get $a) (i32.add (i32.load (local.get $a))
        (i32.load (i32.add (local.get $positives) (i32.shl (local.get $k) (i32.const 2))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $next)))
    ;; precisions: v / at at each true positive
    (local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $c (i32.shl (i32.load (i32.add (local.get $category) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2)))
      (local.set $a (i32.add (local.get $seen) (local.get $c)))
      (local.set $at (i32.add (i32.load (local.get $a)) (i32.const 1)))
      (i32.store (local.get $a) (local.get $at))
      (if (i32.ne (i32.load8_u (i32.add (local.get $positive) (local.get $i))) (i32.const 0))
        (then
          (local.set $a (i32.add (local.get $tpSeen) (local.get $c)))
          (local.set $v (i32.add (i32.load (local.get $a)) (i32.const 1)))
          (i32.store (local.get $a) (local.get $v))
          (f64.store
            (i32.add (local.get $precision) (i32.shl
              (i32.sub (i32.add (i32.load (i32.add (local.get $offset) (local.get $c))) (local.get $v)) (i32.const 1))
              (i32.const 3)))
            (f64.div (f64.convert_i32_s (local.get $v)) (f64.convert_i32_s (local.get $at))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    ;; the mean over classes with points or ground truth
    (local.set $k (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $k) (local.get $K)))
      (local.set $gt (f64.load (i32.add (local.get $gtCount) (i32.shl (local.get $k) (i32.const 3)))))
      (block $skip
        (br_if $skip (i32.and
          (i32.eqz (i32.load (i32.add (local.get $points) (i32.shl (local.get $k) (i32.const 2)))))
          (f64.eq (local.get $gt) (f64.const 0))))
        (local.set $classes (i32.add (local.get $classes) (i32.const 1)))
        (if (f64.gt (local.get $gt) (f64.const 0))
          (then (local.set $sum (f64.add (local.get $sum)
            (call $classAp (local.get $precision)
              (i32.load (i32.add (local.get $offset) (i32.shl (local.get $k) (i32.const 2))))
              (i32.load (i32.add (local.get $positives) (i32.shl (local.get $k) (i32.const 2))))
              (local.get $gt)))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $next)))
    (if (result f64) (i32.eqz (local.get $classes))
      (then (f64.const 0))
      (else (f64.div (local.get $sum) (f64.convert_i32_s (local.get $classes))))))

  ;; tide.ts fixPoints: the n fix points from the errors (the first $en positions of $order) and the true
  ;; positives (positions ≥ $en, positive q − $en), in $order: kind (error type, or 6 for a true positive),
  ;; class, ignored, and the class it takes as a true positive when its type is fixed (-1: removed). A
  ;; cls (0) or loc (1) error claims its ground truth when that is unmatched and the error is its best
  ;; (gtUsed 0, gtBestDet = its detection); the ground truth (one of $G) is read for those only, as in tide.ts.
  (func (export "fixPoints")
    (param $n i32) (param $en i32) (param $order i32) (param $eType i32) (param $eCategory i32)
    (param $eIgnored i32) (param $eGt i32) (param $eDet i32) (param $pCategory i32) (param $gtUsed i32)
    (param $gtBestDet i32) (param $gtCategory i32) (param $G i32) (param $kind i32) (param $fcat i32)
    (param $ignored i32) (param $fixed i32)
    (local $at i32) (local $q i32) (local $type i32) (local $gt i32) (local $c i32) (local $f i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $at) (local.get $n)))
      (local.set $q (i32.load (i32.add (local.get $order) (i32.shl (local.get $at) (i32.const 2)))))
      (if (i32.ge_s (local.get $q) (local.get $en))
        (then
          (i32.store8 (i32.add (local.get $kind) (local.get $at)) (i32.const 6))
          (i32.store (i32.add (local.get $fcat) (i32.shl (local.get $at) (i32.const 2)))
            (i32.load (i32.add (local.get $pCategory) (i32.shl (i32.sub (local.get $q) (local.get $en)) (i32.const 2)))))
          (i32.store8 (i32.add (local.get $ignored) (local.get $at)) (i32.const 0))
          (i32.store (i32.add (local.get $fixed) (i32.shl (local.get $at) (i32.const 2))) (i32.const -1)))
        (else
          (local.set $type (i32.load8_s (i32.add (local.get $eType) (local.get $q))))
          (local.set $c (i32.load (i32.add (local.get $eCategory) (i32.shl (local.get $q) (i32.const 2)))))
          (i32.store8 (i32.add (local.get $kind) (local.get $at)) (local.get $type))
          (i32.store (i32.add (local.get $fcat) (i32.shl (local.get $at) (i32.const 2))) (local.get $c))
          (i32.store8 (i32.add (local.get $ignored) (local.get $at))
            (i32.load8_u (i32.add (local.get $eIgnored) (local.get $q))))
          (local.set $f (i32.const -1))
          (if (i32.or (i32.eq (local.get $type) (i32.const 0)) (i32.eq (local.get $type) (i32.const 1)))
            (then
              (local.set $gt (i32.load (i32.add (local.get $eGt) (i32.shl (local.get $q) (i32.const 2)))))
              ;; a ground truth outside the G read as none (tide.ts: undefined there), no claim
              (if (i32.lt_u (local.get $gt) (local.get $G)) (then
                (if (i32.and
                      (i32.eqz (i32.load8_u (i32.add (local.get $gtUsed) (local.get $gt))))
                      (i32.eq (i32.load (i32.add (local.get $gtBestDet) (i32.shl (local.get $gt) (i32.const 2))))
                        (i32.load (i32.add (local.get $eDet) (i32.shl (local.get $q) (i32.const 2))))))
                  (then
                    (local.set $f (if (result i32) (i32.eqz (local.get $type))
                      (then (i32.load (i32.add (local.get $gtCategory) (i32.shl (local.get $gt) (i32.const 2)))))
                      (else (local.get $c))))))))))
          (i32.store (i32.add (local.get $fixed) (i32.shl (local.get $at) (i32.const 2))) (local.get $f))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $next))))

  ;; tide.ts fixedPoints: the data points with every error of type $fix fixed, from the fix points (n of
  ;; them: kind i8, category i32, ignored u8, fixedCategory i32), into (category i32, positive u8);
  ;; returns their number. Kinds: 0..4 error types, 5 miss (never a point), 6 a true positive. $fix -1:
  ;; none fixed; -2: the false-positive special error (every true positive, then every other point, as
  ;; tide.ts falsePositivePoints).
  (func (export "fixedPoints")
    (param $n i32) (param $fix i32) (param $kind i32) (param $fcat i32) (param $ignored i32)
    (param $fixed i32) (param $category i32) (param $positive i32)
    (result i32)
    (local $at i32) (local $k i32) (local $out i32) (local $c i32)
    (if (i32.eq (local.get $fix) (i32.const -2))
      (then
        (block $done (loop $next
          (br_if $done (i32.ge_s (local.get $at) (local.get $n)))
          (if (i32.eq (i32.load8_s (i32.add (local.get $kind) (local.get $at))) (i32.const 6))
            (then
              (i32.store (i32.add (local.get $category) (i32.shl (local.get $out) (i32.const 2)))
                (i32.load (i32.add (local.get $fcat) (i32.shl (local.get $at) (i32.const 2)))))
              (i32.store8 (i32.add (local.get $positive) (local.get $out)) (i32.const 1))
              (local.set $out (i32.add (local.get $out) (i32.const 1)))))
          (local.set $at (i32.add (local.get $at) (i32.const 1)))
          (br $next)))
        (local.set $at (i32.const 0))
        (block $done (loop $next
          (br_if $done (i32.ge_s (local.get $at) (local.get $n)))
          (local.set $k (i32.load8_s (i32.add (local.get $kind) (local.get $at))))
          (if (i32.and (i32.lt_s (local.get $k) (i32.const 5))
                (i32.eqz (i32.load8_u (i32.add (local.get $ignored) (local.get $at)))))
            (then
              (i32.store (i32.add (local.get $category) (i32.shl (local.get $out) (i32.const 2)))
                (i32.load (i32.add (local.get $fcat) (i32.shl (local.get $at) (i32.const 2)))))
              (i32.store8 (i32.add (local.get $positive) (local.get $out)) (i32.const 0))
              (local.set $out (i32.add (local.get $out) (i32.const 1)))))
          (local.set $at (i32.add (local.get $at) (i32.const 1)))
          (br $next)))
        (return (local.get $out))))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $at) (local.get $n)))
      (local.set $k (i32.load8_s (i32.add (local.get $kind) (local.get $at))))
      (block $skip
        (if (i32.eq (local.get $k) (i32.const 6))
          (then
            (local.set $c (i32.load (i32.add (local.get $fcat) (i32.shl (local.get $at) (i32.const 2)))))
            (i32.store8 (i32.add (local.get $positive) (local.get $out)) (i32.const 1)))
          (else
            (br_if $skip (i32.eq (local.get $k) (i32.const 5)))
            (if (i32.ne (local.get $k) (local.get $fix))
              (then
                (br_if $skip (i32.load8_u (i32.add (local.get $ignored) (local.get $at))))
                (local.set $c (i32.load (i32.add (local.get $fcat) (i32.shl (local.get $at) (i32.const 2)))))
                (i32.store8 (i32.add (local.get $positive) (local.get $out)) (i32.const 0)))
              (else
                (local.set $c (i32.load (i32.add (local.get $fixed) (i32.shl (local.get $at) (i32.const 2)))))
                (br_if $skip (i32.lt_s (local.get $c) (i32.const 0)))
                (i32.store8 (i32.add (local.get $positive) (local.get $out)) (i32.const 1))))))
        (i32.store (i32.add (local.get $category) (i32.shl (local.get $out) (i32.const 2))) (local.get $c))
        (local.set $out (i32.add (local.get $out) (i32.const 1))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $next)))
    (local.get $out))
)
