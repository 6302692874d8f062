;; score-order.ts scoreOrder: whether the scores are finite, and their order (argsortDescending).
(module
  (import "env" "memory" (memory 1))

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

  ;; scoreOrder in one: the indices 0 .. n-1 by score descending, ties in index order, -0 equal to 0, by a
  ;; stable LSD radix sort of (key, index) pairs, a byte at a time (a pass whose byte every key shares is
  ;; skipped). A score's key: the bits of score + 0 (-0 becomes +0) made an unsigned key that orders as the
  ;; doubles do (positive: sign bit set; negative: every bit flipped), every bit then flipped (descending). keys, tmpKeys (n i64), order,
  ;; tmpOrder (n i32) and counts (256 i32) are scratch; returns where the sorted indices are (order or
  ;; tmpOrder).
  (func (export "argsortDescending")
    (param $score i32) (param $n i32) (param $keys i32) (param $tmpKeys i32) (param $order i32)
    (param $tmpOrder i32) (param $counts i32) (result i32)
    (local $i i32) (local $k i64) (local $shift i64) (local $from i32) (local $to i32) (local $fromI i32)
    (local $toI i32) (local $swap i32) (local $b i32) (local $sum i32) (local $c i32) (local $at i32)
    (local $pass i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $k (i64.reinterpret_f64 (f64.add
        (f64.load (i32.add (local.get $score) (i32.shl (local.get $i) (i32.const 3)))) (f64.const 0))))
      (i64.store (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 3)))
        (i64.xor (i64.const -1)
          (if (result i64) (i64.lt_s (local.get $k) (i64.const 0))
            (then (i64.xor (local.get $k) (i64.const -1)))
            (else (i64.xor (local.get $k) (i64.const 0x8000000000000000))))))
      (i32.store (i32.add (local.get $order) (i32.shl (local.get $i) (i32.const 2))) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.set $from (local.get $keys))
    (local.set $to (local.get $tmpKeys))
    (local.set $fromI (local.get $order))
    (local.set $toI (local.get $tmpOrder))
    (block $passes (loop $nextPass
      (br_if $passes (i32.ge_s (local.get $pass) (i32.const 8)))
      (local.set $shift (i64.extend_i32_u (i32.shl (local.get $pass) (i32.const 3))))
      (memory.fill (local.get $counts) (i32.const 0) (i32.const 1024))
      (local.set $i (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $at (i32.add (local.get $counts) (i32.shl (i32.wrap_i64 (i64.and
          (i64.shr_u (i64.load (i32.add (local.get $from) (i32.shl (local.get $i) (i32.const 3)))) (local.get $shift))
          (i64.const 0xff))) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
      (local.set $at (i32.add (local.get $counts) (i32.shl (i32.wrap_i64 (i64.and
        (i64.shr_u (i64.load (local.get $from)) (local.get $shift)) (i64.const 0xff))) (i32.const 2))))
      (if (i32.ne (i32.load (local.get $at)) (local.get $n))
        (then
          (local.set $sum (i32.const 0))
          (local.set $b (i32.const 0))
          (block $done (loop $next
            (br_if $done (i32.ge_s (local.get $b) (i32.const 256)))
            (local.set $at (i32.add (local.get $counts) (i32.shl (local.get $b) (i32.const 2))))
            (local.set $c (i32.load (local.get $at)))
            (i32.store (local.get $at) (local.get $sum))
            (local.set $sum (i32.add (local.get $sum) (local.get $c)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $next)))
          (local.set $i (i32.const 0))
          (block $done (loop $next
            (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $k (i64.load (i32.add (local.get $from) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $at (i32.add (local.get $counts) (i32.shl (i32.wrap_i64 (i64.and
              (i64.shr_u (local.get $k) (local.get $shift)) (i64.const 0xff))) (i32.const 2))))
            (local.set $c (i32.load (local.get $at)))
            (i32.store (local.get $at) (i32.add (local.get $c) (i32.const 1)))
            (i64.store (i32.add (local.get $to) (i32.shl (local.get $c) (i32.const 3))) (local.get $k))
            (i32.store (i32.add (local.get $toI) (i32.shl (local.get $c) (i32.const 2)))
              (i32.load (i32.add (local.get $fromI) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
          (local.set $swap (local.get $from))
          (local.set $from (local.get $to))
          (local.set $to (local.get $swap))
          (local.set $swap (local.get $fromI))
          (local.set $fromI (local.get $toI))
          (local.set $toI (local.get $swap))))
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br $nextPass)))
    (local.get $fromI))
)
