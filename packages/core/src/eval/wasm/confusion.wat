;; confusion.ts detectionConfusion over every image's scene, with the same comparisons in the same
;; order: per scene the candidate pairs (score and IoU thresholds), sorted by IoU descending (stable
;; insertion), matched greedily; then the missed ground truth and the unmatched detections (background,
;; or left out inside a crowd region). Addresses are byte addresses; arrays are i32 unless said f64/u8.
(module
  (import "env" "memory" (memory 1))

  ;; counts ((K + 1)², i32, zeroed by the caller) and the number of detections left out in crowds.
  ;; pairIou (f64), pairD, pairJ, order: scratch of the largest D × G; dtUsed, gtUsed (u8): of D, G.
  (func (export "confusion")
    (param $groups i32) (param $K i32) (param $dtStart i32) (param $gtStart i32) (param $dtOrder i32)
    (param $gtOrder i32) (param $iouStart i32) (param $ious i32) (param $dtCategory i32) (param $dtScore i32)
    (param $gtCategory i32) (param $gtCrowd i32) (param $iouThreshold f64) (param $scoreThreshold f64)
    (param $pairIou i32) (param $pairD i32) (param $pairJ i32) (param $order i32) (param $dtUsed i32)
    (param $gtUsed i32) (param $counts i32) (result i32)
    (local $g i32) (local $d0 i32) (local $D i32) (local $g0 i32) (local $G i32) (local $base i32)
    (local $n i32) (local $d i32) (local $j i32) (local $det i32) (local $obj i32) (local $iou f64)
    (local $i i32) (local $at i32) (local $v f64) (local $q i32) (local $ignored i32) (local $row i32)
    (local $crowd i32)
    (local.set $row (i32.add (local.get $K) (i32.const 1)))
    (block $groupsDone (loop $nextGroup
      (br_if $groupsDone (i32.ge_s (local.get $g) (local.get $groups)))
      (local.set $d0 (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $g) (i32.const 2)))))
      (local.set $D (i32.sub (i32.load offset=4 (i32.add (local.get $dtStart) (i32.shl (local.get $g) (i32.const 2))))
        (local.get $d0)))
      (local.set $g0 (i32.load (i32.add (local.get $gtStart) (i32.shl (local.get $g) (i32.const 2)))))
      (local.set $G (i32.sub (i32.load offset=4 (i32.add (local.get $gtStart) (i32.shl (local.get $g) (i32.const 2))))
        (local.get $g0)))
      (local.set $base (i32.load (i32.add (local.get $iouStart) (i32.shl (local.get $g) (i32.const 2)))))
      (memory.fill (local.get $dtUsed) (i32.const 0) (local.get $D))
      (memory.fill (local.get $gtUsed) (i32.const 0) (local.get $G))
      ;; candidatePairs
      (local.set $n (i32.const 0))
      (local.set $d (i32.const 0))
      (block $dDone (loop $nextD
        (br_if $dDone (i32.ge_s (local.get $d) (local.get $D)))
        (local.set $det (i32.load (i32.add (local.get $dtOrder) (i32.shl (i32.add (local.get $d0) (local.get $d)) (i32.const 2)))))
        (if (i32.and
              (f64.ge (f64.load (i32.add (local.get $dtScore) (i32.shl (local.get $det) (i32.const 3)))) (local.get $scoreThreshold))
              (i32.ge_s (i32.load (i32.add (local.get $dtCategory) (i32.shl (local.get $det) (i32.const 2)))) (i32.const 0)))
          (then
            (local.set $j (i32.const 0))
            (block $jDone (loop $nextJ
              (br_if $jDone (i32.ge_s (local.get $j) (local.get $G)))
              (local.set $obj (i32.load (i32.add (local.get $gtOrder) (i32.shl (i32.add (local.get $g0) (local.get $j)) (i32.const 2)))))
              (if (i32.and
                    (i32.ne (i32.load8_u (i32.add (local.get $gtCrowd) (local.get $obj))) (i32.const 1))
                    (i32.ge_s (i32.load (i32.add (local.get $gtCategory) (i32.shl (local.get $obj) (i32.const 2)))) (i32.const 0)))
                (then
                  (local.set $iou (f64.load (i32.add (local.get $ious) (i32.shl
                    (i32.add (local.get $base) (i32.add (i32.mul (local.get $d) (local.get $G)) (local.get $j))) (i32.const 3)))))
                  (if (f64.ge (local.get $iou) (local.get $iouThreshold))
                    (then
                      (f64.store (i32.add (local.get $pairIou) (i32.shl (local.get $n) (i32.const 3))) (local.get $iou))
                      (i32.store (i32.add (local.get $pairD) (i32.shl (local.get $n) (i32.const 2))) (local.get $d))
                      (i32.store (i32.add (local.get $pairJ) (i32.shl (local.get $n) (i32.const 2))) (local.get $j))
                      (local.set $n (i32.add (local.get $n) (i32.const 1)))))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $nextJ)))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $nextD)))
      ;; sortByIou: order of the pairs by IoU descending, ties in pair order (insertion).
      (local.set $i (i32.const 0))
      (block $sorted (loop $insert
        (br_if $sorted (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $v (f64.load (i32.add (local.get $pairIou) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $at (local.get $i))
        (block $placed (loop $shift
          (br_if $placed (i32.le_s (local.get $at) (i32.const 0)))
          (br_if $placed (i32.eqz (f64.lt
            (f64.load (i32.add (local.get $pairIou) (i32.shl
              (i32.load (i32.sub (i32.add (local.get $order) (i32.shl (local.get $at) (i32.const 2))) (i32.const 4)))
              (i32.const 3))))
            (local.get $v))))
          (i32.store (i32.add (local.get $order) (i32.shl (local.get $at) (i32.const 2)))
            (i32.load (i32.sub (i32.add (local.get $order) (i32.shl (local.get $at) (i32.const 2))) (i32.const 4))))
          (local.set $at (i32.sub (local.get $at) (i32.const 1)))
          (br $shift)))
        (i32.store (i32.add (local.get $order) (i32.shl (local.get $at) (i32.const 2))) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $insert)))
      ;; The greedy matching.
      (local.set $q (i32.const 0))
      (block $matched (loop $nextPair
        (br_if $matched (i32.ge_s (local.get $q) (local.get $n)))
        (local.set $i (i32.load (i32.add (local.get $order) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $d (i32.load (i32.add (local.get $pairD) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.load (i32.add (local.get $pairJ) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.eqz (i32.or (i32.load8_u (i32.add (local.get $dtUsed) (local.get $d)))
              (i32.load8_u (i32.add (local.get $gtUsed) (local.get $j)))))
          (then
            (i32.store8 (i32.add (local.get $dtUsed) (local.get $d)) (i32.const 1))
            (i32.store8 (i32.add (local.get $gtUsed) (local.get $j)) (i32.const 1))
            (local.set $at (i32.add (local.get $counts) (i32.shl (i32.add
              (i32.mul (i32.load (i32.add (local.get $gtCategory) (i32.shl
                (i32.load (i32.add (local.get $gtOrder) (i32.shl (i32.add (local.get $g0) (local.get $j)) (i32.const 2))))
                (i32.const 2)))) (local.get $row))
              (i32.load (i32.add (local.get $dtCategory) (i32.shl
                (i32.load (i32.add (local.get $dtOrder) (i32.shl (i32.add (local.get $d0) (local.get $d)) (i32.const 2))))
                (i32.const 2)))))
              (i32.const 2))))
            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $nextPair)))
      ;; Missed ground truth.
      (local.set $j (i32.const 0))
      (block $jDone (loop $nextJ
        (br_if $jDone (i32.ge_s (local.get $j) (local.get $G)))
        (local.set $obj (i32.load (i32.add (local.get $gtOrder) (i32.shl (i32.add (local.get $g0) (local.get $j)) (i32.const 2)))))
        (if (i32.and (i32.and
              (i32.eqz (i32.load8_u (i32.add (local.get $gtUsed) (local.get $j))))
              (i32.eqz (i32.load8_u (i32.add (local.get $gtCrowd) (local.get $obj)))))
              (i32.ge_s (i32.load (i32.add (local.get $gtCategory) (i32.shl (local.get $obj) (i32.const 2)))) (i32.const 0)))
          (then
            (local.set $at (i32.add (local.get $counts) (i32.shl (i32.add
              (i32.mul (i32.load (i32.add (local.get $gtCategory) (i32.shl (local.get $obj) (i32.const 2)))) (local.get $row))
              (local.get $K)) (i32.const 2))))
            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $nextJ)))
      ;; Unmatched detections: inside a crowd region (left out), else background.
      (local.set $d (i32.const 0))
      (block $dDone (loop $nextD
        (br_if $dDone (i32.ge_s (local.get $d) (local.get $D)))
        (local.set $obj (i32.load (i32.add (local.get $dtOrder) (i32.shl (i32.add (local.get $d0) (local.get $d)) (i32.const 2)))))
        (if (i32.eqz (i32.or (i32.or
              (i32.load8_u (i32.add (local.get $dtUsed) (local.get $d)))
              (i32.eqz (f64.ge (f64.load (i32.add (local.get $dtScore) (i32.shl (local.get $obj) (i32.const 3)))) (local.get $scoreThreshold))))
              (i32.lt_s (i32.load (i32.add (local.get $dtCategory) (i32.shl (local.get $obj) (i32.const 2)))) (i32.const 0))))
          (then
            ;; inCrowd
            (local.set $crowd (i32.const 0))
            (local.set $j (i32.const 0))
            (block $crowdDone (loop $nextCrowd
              (br_if $crowdDone (i32.ge_s (local.get $j) (local.get $G)))
              (if (i32.and
                    (i32.eq (i32.load8_u (i32.add (local.get $gtCrowd)
                      (i32.load (i32.add (local.get $gtOrder) (i32.shl (i32.add (local.get $g0) (local.get $j)) (i32.const 2))))))
                      (i32.const 1))
                    (f64.ge (f64.load (i32.add (local.get $ious) (i32.shl
                      (i32.add (local.get $base) (i32.add (i32.mul (local.get $d) (local.get $G)) (local.get $j))) (i32.const 3))))
                      (local.get $iouThreshold)))
                (then (local.set $crowd (i32.const 1)) (br $crowdDone)))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $nextCrowd)))
            (if (local.get $crowd)
              (then (local.set $ignored (i32.add (local.get $ignored) (i32.const 1))))
              (else
                (local.set $at (i32.add (local.get $counts) (i32.shl (i32.add
                  (i32.mul (local.get $K) (local.get $row))
                  (i32.load (i32.add (local.get $dtCategory) (i32.shl (local.get $obj) (i32.const 2))))) (i32.const 2))))
                (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $nextD)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $nextGroup)))
    (local.get $ignored))
)
