;; accumulate.ts rankByCategory from the evaluation's ranking of every detection (describe, rankFrom,
;; sortTies, partition) with the same steps in the same order. Addresses are byte addresses; i32 arrays
;; unless said f64.
(module
  (import "env" "memory" (memory 1))

  ;; describe: per evaluated position d of group g, score[d] (f64) = scores[dtOrder[d]] (f64) and
  ;; groupOf[d] = g; categoryStart[g] = the start of g's category. Returns 1 when every score is finite.
  (func (export "describe")
    (param $groups i32) (param $useCats i32) (param $groupCategory i32) (param $dtStart i32)
    (param $dtOrder i32) (param $scores i32) (param $score i32) (param $groupOf i32) (param $categoryStart i32)
    (result i32)
    (local $g i32) (local $d i32) (local $end i32) (local $v f64) (local $finite i32) (local $at i32)
    (local.set $finite (i32.const 1))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $g) (local.get $groups)))
      (local.set $at (i32.add (local.get $categoryStart) (i32.shl (local.get $g) (i32.const 2))))
      (i32.store (local.get $at)
        (if (result i32) (i32.and (i32.gt_s (local.get $g) (i32.const 0))
              (i32.or (i32.eqz (local.get $useCats))
                (i32.eq (i32.load (i32.add (local.get $groupCategory) (i32.shl (local.get $g) (i32.const 2))))
                  (i32.load offset=0 (i32.sub (i32.add (local.get $groupCategory) (i32.shl (local.get $g) (i32.const 2))) (i32.const 4))))))
          (then (i32.load (i32.sub (local.get $at) (i32.const 4))))
          (else (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $g) (i32.const 2)))))))
      (local.set $d (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $g) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $dtStart) (i32.shl (local.get $g) (i32.const 2)))))
      (block $groupDone (loop $nextDet
        (br_if $groupDone (i32.ge_s (local.get $d) (local.get $end)))
        (local.set $v (f64.load (i32.add (local.get $scores)
          (i32.shl (i32.load (i32.add (local.get $dtOrder) (i32.shl (local.get $d) (i32.const 2)))) (i32.const 3)))))
        (f64.store (i32.add (local.get $score) (i32.shl (local.get $d) (i32.const 3))) (local.get $v))
        (i32.store (i32.add (local.get $groupOf) (i32.shl (local.get $d) (i32.const 2))) (local.get $g))
        ;; Number.isFinite: v − v is 0 unless v is infinite or NaN.
        (if (i32.eqz (f64.eq (f64.sub (local.get $v) (local.get $v)) (f64.const 0)))
          (then (local.set $finite (i32.const 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $nextDet)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $next)))
    (local.get $finite))

  ;; rankFrom without its sortTies: the evaluated positions in the order of `ranked` (object indices),
  ;; into order; positionOf (i32 × objects) is scratch. Returns how many.
  (func (export "rankFrom")
    (param $ranked i32) (param $nRanked i32) (param $objects i32) (param $dtOrder i32) (param $n i32)
    (param $positionOf i32) (param $order i32) (result i32)
    (local $p i32) (local $q i32) (local $count i32) (local $at i32)
    (memory.fill (local.get $positionOf) (i32.const 0xff) (i32.shl (local.get $objects) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $p) (local.get $n)))
      (i32.store (i32.add (local.get $positionOf)
        (i32.shl (i32.load (i32.add (local.get $dtOrder) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 2)))
        (local.get $p))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $next)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $q) (local.get $nRanked)))
      (local.set $at (i32.load (i32.add (local.get $positionOf)
        (i32.shl (i32.load (i32.add (local.get $ranked) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 2)))))
      (if (i32.ge_s (local.get $at) (i32.const 0))
        (then
          (i32.store (i32.add (local.get $order) (i32.shl (local.get $count) (i32.const 2))) (local.get $at))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next)))
    (local.get $count))

  ;; sortTies: each run of equal scores (f64.eq: -0 equals 0) in order[0 .. n) sorted ascending, by
  ;; insertion when it has at most 32 items; a longer run's start and end go to runs (pairs of i32)
  ;; for the caller to sort. Returns the number of long runs.
  (func (export "sortTies") (param $order i32) (param $n i32) (param $score i32) (param $runs i32) (result i32)
    (local $i i32) (local $j i32) (local $v f64) (local $long i32) (local $a i32) (local $b i32) (local $x i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $v (f64.load (i32.add (local.get $score)
        (i32.shl (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))))
      (local.set $j (i32.add (local.get $i) (i32.const 1)))
      (block $runEnd (loop $extend
        (br_if $runEnd (i32.ge_s (local.get $j) (local.get $n)))
        (br_if $runEnd (i32.eqz (f64.eq (local.get $v) (f64.load (i32.add (local.get $score)
          (i32.shl (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $extend)))
      (if (i32.gt_s (i32.sub (local.get $j) (local.get $i)) (i32.const 32))
        (then
          (i32.store (i32.add (local.get $runs) (i32.shl (local.get $long) (i32.const 3))) (local.get $i))
          (i32.store offset=4 (i32.add (local.get $runs) (i32.shl (local.get $long) (i32.const 3))) (local.get $j))
          (local.set $long (i32.add (local.get $long) (i32.const 1))))
        (else
          ;; Insertion sort of order[i .. j).
          (local.set $a (i32.add (local.get $i) (i32.const 1)))
          (block $sorted (loop $insert
            (br_if $sorted (i32.ge_s (local.get $a) (local.get $j)))
            (local.set $x (i32.load (i32.add (local.get $order) (i32.shl (local.get $a) (i32.const 2)))))
            (local.set $b (local.get $a))
            (block $placed (loop $shift
              (br_if $placed (i32.le_s (local.get $b) (local.get $i)))
              (br_if $placed (i32.le_s
                (i32.load (i32.sub (i32.add (local.get $order) (i32.shl (local.get $b) (i32.const 2))) (i32.const 4)))
                (local.get $x)))
              (i32.store (i32.add (local.get $order) (i32.shl (local.get $b) (i32.const 2)))
                (i32.load (i32.sub (i32.add (local.get $order) (i32.shl (local.get $b) (i32.const 2))) (i32.const 4))))
              (local.set $b (i32.sub (local.get $b) (i32.const 1)))
              (br $shift)))
            (i32.store (i32.add (local.get $order) (i32.shl (local.get $b) (i32.const 2))) (local.get $x))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $insert)))))
      (local.set $i (local.get $j))
      (br $next)))
    (local.get $long))

  ;; partition: order's positions stably into each category's slots from its start; firstGroup and
  ;; next (i32 × groups) are scratch.
  (func (export "partition")
    (param $order i32) (param $n i32) (param $groupOf i32) (param $categoryStart i32) (param $groups i32)
    (param $firstGroup i32) (param $nextAt i32) (param $into i32)
    (local $g i32) (local $i i32) (local $p i32) (local $at i32) (local $slot i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $g) (local.get $groups)))
      (i32.store (i32.add (local.get $firstGroup) (i32.shl (local.get $g) (i32.const 2)))
        (if (result i32) (i32.and (i32.gt_s (local.get $g) (i32.const 0))
              (i32.eq (i32.load (i32.add (local.get $categoryStart) (i32.shl (local.get $g) (i32.const 2))))
                (i32.load (i32.sub (i32.add (local.get $categoryStart) (i32.shl (local.get $g) (i32.const 2))) (i32.const 4)))))
          (then (i32.load (i32.sub (i32.add (local.get $firstGroup) (i32.shl (local.get $g) (i32.const 2))) (i32.const 4))))
          (else (local.get $g))))
      (i32.store (i32.add (local.get $nextAt) (i32.shl (local.get $g) (i32.const 2)))
        (i32.load (i32.add (local.get $categoryStart) (i32.shl (local.get $g) (i32.const 2)))))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $next)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $p (i32.load (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $at (i32.add (local.get $nextAt) (i32.shl
        (i32.load (i32.add (local.get $firstGroup) (i32.shl
          (i32.load (i32.add (local.get $groupOf) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 2))))
        (i32.const 2))))
      (local.set $slot (i32.load (local.get $at)))
      (i32.store (local.get $at) (i32.add (local.get $slot) (i32.const 1)))
      (i32.store (i32.add (local.get $into) (i32.shl (local.get $slot) (i32.const 2))) (local.get $p))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
)
