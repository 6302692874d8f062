;; group-objects.ts groupObjects: the objects that take part (evaluated), ordered by two stable counting
;; sorts (orderObjects), then split into (category, image) groups by a merge of the ground truth's and
;; the detections' orders, with the same steps in the same order. Arrays are i32; addresses are bytes.
(module
  (import "env" "memory" (memory 1))

  ;; Object indices (in the order of `first`, or 0 .. n when first < 0) whose image and category are
  ;; both known, into out; returns how many.
  (func $evaluated (param $n i32) (param $first i32) (param $img i32) (param $cat i32) (param $out i32)
    (result i32)
    (local $q i32) (local $i i32) (local $count i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $q) (local.get $n)))
      (local.set $i (if (result i32) (i32.lt_s (local.get $first) (i32.const 0))
        (then (local.get $q))
        (else (i32.load (i32.add (local.get $first) (i32.shl (local.get $q) (i32.const 2)))))))
      (if (i32.and
            (i32.ge_s (i32.load (i32.add (local.get $img) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 0))
            (i32.ge_s (i32.load (i32.add (local.get $cat) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 0)))
        (then
          (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br $next)))
    (local.get $count))

  ;; countingSort: items[0 .. n) stably by key[item] in 0 .. buckets into out; starts (buckets + 1) scratch.
  (func $countingSort
    (param $items i32) (param $n i32) (param $buckets i32) (param $key i32) (param $starts i32) (param $out i32)
    (local $i i32) (local $b i32) (local $a i32) (local $item i32) (local $at i32)
    (memory.fill (local.get $starts) (i32.const 0) (i32.shl (i32.add (local.get $buckets) (i32.const 1)) (i32.const 2)))
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

  ;; orderObjects into out (via tmp), starts scratch: returns how many objects take part.
  (func (export "orderObjects")
    (param $n i32) (param $first i32) (param $img i32) (param $cat i32) (param $useCats i32)
    (param $images i32) (param $categories i32) (param $tmp i32) (param $starts i32) (param $out i32)
    (result i32)
    (local $count i32)
    (local.set $count (call $evaluated (local.get $n) (local.get $first) (local.get $img) (local.get $cat)
      (local.get $out)))
    (if (local.get $useCats)
      (then
        (call $countingSort (local.get $out) (local.get $count) (local.get $images) (local.get $img)
          (local.get $starts) (local.get $tmp))
        (call $countingSort (local.get $tmp) (local.get $count) (local.get $categories) (local.get $cat)
          (local.get $starts) (local.get $out)))
      (else
        (call $countingSort (local.get $out) (local.get $count) (local.get $categories) (local.get $cat)
          (local.get $starts) (local.get $tmp))
        (call $countingSort (local.get $tmp) (local.get $count) (local.get $images) (local.get $img)
          (local.get $starts) (local.get $out))))
    (local.get $count))

  ;; An object's group key: category × images + image with useCats, else the image.
  (func $key (param $o i32) (param $img i32) (param $cat i32) (param $useCats i32) (param $images i32)
    (result i64)
    (local $i i64)
    (local.set $i (i64.extend_i32_s (i32.load (i32.add (local.get $img) (i32.shl (local.get $o) (i32.const 2))))))
    (if (result i64) (local.get $useCats)
      (then (i64.add
        (i64.mul (i64.extend_i32_s (i32.load (i32.add (local.get $cat) (i32.shl (local.get $o) (i32.const 2)))))
          (i64.extend_i32_s (local.get $images)))
        (local.get $i)))
      (else (local.get $i))))

  ;; The merge of groupObjects over gtOrder[0 .. nGt) and dtOrder[0 .. nDt): group g's category and image
  ;; and where its ground truth and detections start (and the ends after the last group); returns the
  ;; number of groups.
  (func (export "groups")
    (param $gtOrder i32) (param $nGt i32) (param $gtImg i32) (param $gtCat i32)
    (param $dtOrder i32) (param $nDt i32) (param $dtImg i32) (param $dtCat i32)
    (param $useCats i32) (param $images i32)
    (param $groupCategory i32) (param $groupImage i32) (param $gtStart i32) (param $dtStart i32)
    (result i32)
    (local $g i32) (local $a i32) (local $b i32) (local $ka i64) (local $kb i64) (local $k i64)
    (local $none i64)
    (local.set $none (i64.const 0x7fffffffffffffff))
    (block $done (loop $next
      (br_if $done (i32.and (i32.ge_s (local.get $a) (local.get $nGt)) (i32.ge_s (local.get $b) (local.get $nDt))))
      (local.set $ka (if (result i64) (i32.lt_s (local.get $a) (local.get $nGt))
        (then (call $key (i32.load (i32.add (local.get $gtOrder) (i32.shl (local.get $a) (i32.const 2))))
          (local.get $gtImg) (local.get $gtCat) (local.get $useCats) (local.get $images)))
        (else (local.get $none))))
      (local.set $kb (if (result i64) (i32.lt_s (local.get $b) (local.get $nDt))
        (then (call $key (i32.load (i32.add (local.get $dtOrder) (i32.shl (local.get $b) (i32.const 2))))
          (local.get $dtImg) (local.get $dtCat) (local.get $useCats) (local.get $images)))
        (else (local.get $none))))
      (local.set $k (if (result i64) (i64.lt_s (local.get $kb) (local.get $ka))
        (then (local.get $kb)) (else (local.get $ka))))
      (i32.store (i32.add (local.get $gtStart) (i32.shl (local.get $g) (i32.const 2))) (local.get $a))
      (i32.store (i32.add (local.get $dtStart) (i32.shl (local.get $g) (i32.const 2))) (local.get $b))
      (block $gtDone (loop $gtNext
        (br_if $gtDone (i32.ge_s (local.get $a) (local.get $nGt)))
        (br_if $gtDone (i64.ne (local.get $k)
          (call $key (i32.load (i32.add (local.get $gtOrder) (i32.shl (local.get $a) (i32.const 2))))
            (local.get $gtImg) (local.get $gtCat) (local.get $useCats) (local.get $images))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $gtNext)))
      (block $dtDone (loop $dtNext
        (br_if $dtDone (i32.ge_s (local.get $b) (local.get $nDt)))
        (br_if $dtDone (i64.ne (local.get $k)
          (call $key (i32.load (i32.add (local.get $dtOrder) (i32.shl (local.get $b) (i32.const 2))))
            (local.get $dtImg) (local.get $dtCat) (local.get $useCats) (local.get $images))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $dtNext)))
      (i32.store (i32.add (local.get $groupCategory) (i32.shl (local.get $g) (i32.const 2)))
        (if (result i32) (local.get $useCats)
          (then (i32.wrap_i64 (i64.div_s (local.get $k) (i64.extend_i32_s (local.get $images)))))
          (else (i32.const -1))))
      (i32.store (i32.add (local.get $groupImage) (i32.shl (local.get $g) (i32.const 2)))
        (if (result i32) (local.get $useCats)
          (then (i32.wrap_i64 (i64.rem_s (local.get $k) (i64.extend_i32_s (local.get $images)))))
          (else (i32.wrap_i64 (local.get $k)))))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $next)))
    (i32.store (i32.add (local.get $gtStart) (i32.shl (local.get $g) (i32.const 2))) (local.get $a))
    (i32.store (i32.add (local.get $dtStart) (i32.shl (local.get $g) (i32.const 2))) (local.get $b))
    (local.get $g))
)
