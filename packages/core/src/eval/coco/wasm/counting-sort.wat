;; group-objects.ts countingSort: items (object indices) stably sorted by key[item] in 0 .. buckets.
(module
  (import "env" "memory" (memory 1))

  ;; items[0 .. n), key (i32 per object), starts (i32 × (buckets + 1), zeroed) scratch, out (i32 × n).
  (func (export "countingSort")
    (param $items i32) (param $n i32) (param $buckets i32) (param $key i32) (param $starts i32) (param $out i32)
    (local $i i32) (local $b i32) (local $a i32) (local $item i32) (local $at i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $a (i32.add (local.get $starts) (i32.shl
        (i32.add (i32.load (i32.add (local.get $key)
          (i32.shl (i32.load (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 2))))
          (i32.const 1))
        (i32.const 2))))
      (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $b) (local.get $buckets)))
      (local.set $a (i32.add (local.get $starts) (i32.shl (local.get $b) (i32.const 2))))
      (i32.store offset=4 (local.get $a) (i32.add (i32.load offset=4 (local.get $a)) (i32.load (local.get $a))))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $next)))
    (local.set $i (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $item (i32.load (i32.add (local.get $items) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $a (i32.add (local.get $starts) (i32.shl
        (i32.load (i32.add (local.get $key) (i32.shl (local.get $item) (i32.const 2))))
        (i32.const 2))))
      (local.set $at (i32.load (local.get $a)))
      (i32.store (local.get $a) (i32.add (local.get $at) (i32.const 1)))
      (i32.store (i32.add (local.get $out) (i32.shl (local.get $at) (i32.const 2))) (local.get $item))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
)
