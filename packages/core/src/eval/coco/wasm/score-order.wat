;; score-order.ts scoreOrder around its native sort: whether the scores are finite; after the sort,
;; the distinct scores moved to the front (dedupe), each score's rank among them (a binary search,
;; highest first), the counts' prefix sums and the placing of the indices in rank order (a counting
;; sort: index order within a rank), with the same comparisons.
(module
  (memory (export "memory") 1)

  ;; score[0 .. n) (f64), distinct[0 .. u) (f64, ascending, distinct); bucket (i32 × n) and starts
  ;; (i32 × (u + 1), zeroed) are scratch; order (i32 × n) receives the indices.
  (func (export "rankAndPlace")
    (param $score i32) (param $n i32) (param $distinct i32) (param $u i32) (param $bucket i32)
    (param $starts i32) (param $order i32)
    (local $i i32) (local $v f64) (local $lo i32) (local $hi i32) (local $mid i32) (local $r i32)
    (local $at i32)
    ;; rankScores
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $v (f64.load (i32.add (local.get $score) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $lo (i32.const 0))
      (local.set $hi (i32.sub (local.get $u) (i32.const 1)))
      (block $found (loop $search
        (br_if $found (i32.ge_s (local.get $lo) (local.get $hi)))
        (local.set $mid (i32.shr_s (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
        (if (f64.lt (f64.load (i32.add (local.get $distinct) (i32.shl (local.get $mid) (i32.const 3))))
              (local.get $v))
          (then (local.set $lo (i32.add (local.get $mid) (i32.const 1))))
          (else (local.set $hi (local.get $mid))))
        (br $search)))
      (local.set $r (i32.sub (i32.sub (local.get $u) (i32.const 1)) (local.get $lo)))
      (i32.store (i32.add (local.get $bucket) (i32.shl (local.get $i) (i32.const 2))) (local.get $r))
      (local.set $at (i32.add (local.get $starts) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2))))
      (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    ;; prefixSums
    (local.set $r (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $r) (local.get $u)))
      (local.set $at (i32.add (local.get $starts) (i32.shl (local.get $r) (i32.const 2))))
      (i32.store offset=4 (local.get $at) (i32.add (i32.load offset=4 (local.get $at)) (i32.load (local.get $at))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $next)))
    ;; place
    (local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $at (i32.add (local.get $starts)
        (i32.shl (i32.load (i32.add (local.get $bucket) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
      (local.set $r (i32.load (local.get $at)))
      (i32.store (local.get $at) (i32.add (local.get $r) (i32.const 1)))
      (i32.store (i32.add (local.get $order) (i32.shl (local.get $r) (i32.const 2))) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))

  ;; 1 when every score[0 .. n) is finite (not NaN or ±Infinity), else 0.
  (func (export "finite") (param $score i32) (param $n i32) (result i32)
    (local $i i32) (local $v f64)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $v (f64.load (i32.add (local.get $score) (i32.shl (local.get $i) (i32.const 3)))))
      ;; v − v is 0 for a finite v, NaN otherwise
      (if (i32.eqz (f64.eq (f64.sub (local.get $v) (local.get $v)) (f64.const 0)))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i32.const 1))

  ;; Moves the distinct values of the sorted values[0 .. n) to its front; returns their number.
  (func (export "dedupe") (param $values i32) (param $n i32) (result i32)
    (local $i i32) (local $u i32) (local $v f64)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $v (f64.load (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3)))))
      (if (i32.or (i32.eqz (local.get $u))
            (f64.ne (local.get $v)
              (f64.load (i32.add (local.get $values) (i32.shl (i32.sub (local.get $u) (i32.const 1)) (i32.const 3))))))
        (then
          (f64.store (i32.add (local.get $values) (i32.shl (local.get $u) (i32.const 3))) (local.get $v))
          (local.set $u (i32.add (local.get $u) (i32.const 1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $u))
)
