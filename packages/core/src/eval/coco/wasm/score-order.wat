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
;; The native sort's ascending order of finite doubles (-0 before +0) by an LSD radix sort of their
  ;; bits, a byte at a time: each double's bits made an unsigned key that orders as the doubles do
  ;; (positive: sign bit set; negative: every bit flipped), sorted stably pass by pass (a pass whose byte
  ;; is the same for every key is skipped), then made doubles again. values (n f64) sorted in place;
  ;; tmp (n f64) and counts (256 i32) are scratch.
  (func (export "sortDoubles") (param $values i32) (param $n i32) (param $tmp i32) (param $counts i32)
    (local $i i32) (local $k i64) (local $shift i64) (local $from i32) (local $to i32) (local $swap i32)
    (local $b i32) (local $sum i32) (local $c i32) (local $at i32) (local $pass i32)
    ;; doubles to keys
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $at (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $k (i64.load (local.get $at)))
      (i64.store (local.get $at)
        (if (result i64) (i64.lt_s (local.get $k) (i64.const 0))
          (then (i64.xor (local.get $k) (i64.const -1)))
          (else (i64.xor (local.get $k) (i64.const 0x8000000000000000)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.set $from (local.get $values))
    (local.set $to (local.get $tmp))
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
      ;; A byte every key shares: nothing to move.
      (local.set $at (i32.add (local.get $counts) (i32.shl (i32.wrap_i64 (i64.and
        (i64.shr_u (i64.load (local.get $from)) (local.get $shift)) (i64.const 0xff))) (i32.const 2))))
      (if (i32.ne (i32.load (local.get $at)) (local.get $n))
        (then
          ;; counts to starts
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
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
          (local.set $swap (local.get $from))
          (local.set $from (local.get $to))
          (local.set $to (local.get $swap))))
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br $nextPass)))
    ;; keys to doubles, into values
    (local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $k (i64.load (i32.add (local.get $from) (i32.shl (local.get $i) (i32.const 3)))))
      (i64.store (i32.add (local.get $values) (i32.shl (local.get $i) (i32.const 3)))
        (if (result i64) (i64.lt_s (local.get $k) (i64.const 0))
          (then (i64.xor (local.get $k) (i64.const 0x8000000000000000)))
          (else (i64.xor (local.get $k) (i64.const -1)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
)
