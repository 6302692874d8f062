;; One area range's greedy matching of every group: match-groups.ts matchArea's loop over the groups
;; (copyGroup, sortGtByIgnore, listCandidates, matchAtThreshold) with the same comparisons in the same
;; order, over arrays in this module's memory. Addresses are byte addresses; counts are elements.
(module
  (import "env" "memory" (memory 1))


  ;; A group's matches copied from the reference range's (copyGroup).
  (func $copyGroup
    (param $g0 i32) (param $g1 i32) (param $d0 i32) (param $d1 i32) (param $T i32) (param $flags i32)
    (param $refGtSorted i32) (param $refGtMatches i32) (param $refDtMatches i32)
    (param $gtSorted i32) (param $gtIgnore i32) (param $gtMatches i32) (param $dtMatches i32) (param $dtIgnore i32)
    (local $at i32) (local $obj i32) (local $i i32) (local $end i32) (local $m i32)
    (local.set $at (local.get $g0))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $at) (local.get $g1)))
      (local.set $obj (i32.load (i32.add (local.get $refGtSorted) (i32.shl (local.get $at) (i32.const 2)))))
      (i32.store (i32.add (local.get $gtSorted) (i32.shl (local.get $at) (i32.const 2))) (local.get $obj))
      (i32.store8 (i32.add (local.get $gtIgnore) (local.get $at)) (i32.load8_u (i32.add (local.get $flags) (local.get $obj))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $next)))
    ;; gtMatches[T*g0 .. T*g1) as they are
    (memory.copy
      (i32.add (local.get $gtMatches) (i32.shl (i32.mul (local.get $T) (local.get $g0)) (i32.const 2)))
      (i32.add (local.get $refGtMatches) (i32.shl (i32.mul (local.get $T) (local.get $g0)) (i32.const 2)))
      (i32.shl (i32.mul (local.get $T) (i32.sub (local.get $g1) (local.get $g0))) (i32.const 2)))
    (local.set $i (i32.mul (local.get $T) (local.get $d0)))
    (local.set $end (i32.mul (local.get $T) (local.get $d1)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $end)))
      (local.set $m (i32.load (i32.add (local.get $refDtMatches) (i32.shl (local.get $i) (i32.const 2)))))
      (i32.store (i32.add (local.get $dtMatches) (i32.shl (local.get $i) (i32.const 2))) (local.get $m))
      (if (i32.ge_s (local.get $m) (i32.const 0))
        (then (i32.store8 (i32.add (local.get $dtIgnore) (local.get $i)) (i32.load8_u (i32.add (local.get $flags) (local.get $m))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))

  ;; Stable sort of a group's GT by ignore flag (sortGtByIgnore).
  (func $sortGtByIgnore
    (param $g0 i32) (param $g1 i32) (param $gtOrder i32) (param $flags i32)
    (param $gtSorted i32) (param $gtIgnore i32) (param $cols i32)
    (local $at i32) (local $pass i32) (local $j i32) (local $obj i32)
    (local.set $at (local.get $g0))
    (local.set $pass (i32.const 0))
    (block $passes (loop $nextPass
      (br_if $passes (i32.ge_s (local.get $pass) (i32.const 2)))
      (local.set $j (local.get $g0))
      (block $done (loop $next
        (br_if $done (i32.ge_s (local.get $j) (local.get $g1)))
        (local.set $obj (i32.load (i32.add (local.get $gtOrder) (i32.shl (local.get $j) (i32.const 2)))))
        (if (i32.eq (i32.load8_u (i32.add (local.get $flags) (local.get $obj))) (local.get $pass))
          (then
            (i32.store (i32.add (local.get $gtSorted) (i32.shl (local.get $at) (i32.const 2))) (local.get $obj))
            (i32.store8 (i32.add (local.get $gtIgnore) (local.get $at)) (local.get $pass))
            (i32.store (i32.add (local.get $cols) (i32.shl (local.get $at) (i32.const 2))) (i32.sub (local.get $j) (local.get $g0)))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next)))
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br $nextPass))))

  ;; Per detection d, the sorted positions j whose IoU is not below lowest (listCandidates).
  (func $listCandidates
    (param $ious i32) (param $base i32) (param $cols i32) (param $g0 i32) (param $D i32) (param $G i32)
    (param $lowest f64) (param $start i32) (param $at i32)
    (local $n i32) (local $d i32) (local $row i32) (local $j i32)
    (block $rows (loop $nextRow
      (br_if $rows (i32.ge_s (local.get $d) (local.get $D)))
      (i32.store (i32.add (local.get $start) (i32.shl (local.get $d) (i32.const 2))) (local.get $n))
      (local.set $row (i32.add (local.get $base) (i32.mul (local.get $d) (local.get $G))))
      (local.set $j (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_s (local.get $j) (local.get $G)))
        ;; !(iou < lowest): NaN is a candidate, as in the JS
        (if (i32.eqz (f64.lt
              (f64.load (i32.add (local.get $ious) (i32.shl (i32.add (local.get $row) (i32.load (i32.add (local.get $cols) (i32.shl (i32.add (local.get $g0) (local.get $j)) (i32.const 2))))) (i32.const 3))))
              (local.get $lowest)))
          (then
            (i32.store (i32.add (local.get $at) (i32.shl (local.get $n) (i32.const 2))) (local.get $j))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $nextRow)))
    (i32.store (i32.add (local.get $start) (i32.shl (local.get $D) (i32.const 2))) (local.get $n)))

  ;; One threshold's greedy pass over a group (matchAtThreshold).
  (func $matchAtThreshold
    (param $start i32) (param $at i32) (param $ious i32) (param $base i32) (param $cols i32)
    (param $gtSorted i32) (param $gtIgnore i32) (param $gtMatches i32) (param $dtMatches i32)
    (param $dtIgnore i32) (param $iscrowd i32) (param $dtOrder i32)
    (param $g0 i32) (param $G i32) (param $d0 i32) (param $D i32) (param $dRow i32) (param $gRow i32)
    (param $threshold f64)
    (local $d i32) (local $best f64) (local $m i32) (local $iouRow i32) (local $q i32) (local $qEnd i32)
    (local $j i32) (local $iou f64)
    (block $rows (loop $nextRow
      (br_if $rows (i32.ge_s (local.get $d) (local.get $D)))
      (local.set $best (local.get $threshold))
      (local.set $m (i32.const -1))
      (local.set $iouRow (i32.add (local.get $base) (i32.mul (local.get $d) (local.get $G))))
      (local.set $q (i32.load (i32.add (local.get $start) (i32.shl (local.get $d) (i32.const 2)))))
      (local.set $qEnd (i32.load (i32.add (local.get $start) (i32.shl (i32.add (local.get $d) (i32.const 1)) (i32.const 2)))))
      (block $done (loop $next
        (br_if $done (i32.ge_s (local.get $q) (local.get $qEnd)))
        (local.set $j (i32.load (i32.add (local.get $at) (i32.shl (local.get $q) (i32.const 2)))))
        (block $skip
          ;; a matched GT stays taken unless it is a crowd
          (br_if $skip (i32.and
            (i32.ge_s (i32.load (i32.add (local.get $gtMatches) (i32.shl (i32.add (local.get $gRow) (local.get $j)) (i32.const 2)))) (i32.const 0))
            (i32.ne (i32.load8_u (i32.add (local.get $iscrowd) (i32.load (i32.add (local.get $gtSorted) (i32.shl (i32.add (local.get $g0) (local.get $j)) (i32.const 2))))))
                    (i32.const 1))))
          ;; never trade a non-ignored match for an ignored GT
          (if (i32.gt_s (local.get $m) (i32.const -1))
            (then
              (br_if $done (i32.and
                (i32.eqz (i32.load8_u (i32.add (local.get $gtIgnore) (i32.add (local.get $g0) (local.get $m)))))
                (i32.eq (i32.load8_u (i32.add (local.get $gtIgnore) (i32.add (local.get $g0) (local.get $j)))) (i32.const 1))))))
          (local.set $iou (f64.load (i32.add (local.get $ious) (i32.shl (i32.add (local.get $iouRow) (i32.load (i32.add (local.get $cols) (i32.shl (i32.add (local.get $g0) (local.get $j)) (i32.const 2))))) (i32.const 3)))))
          (br_if $skip (f64.lt (local.get $iou) (local.get $best)))
          (local.set $best (local.get $iou))
          (local.set $m (local.get $j)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
      (if (i32.ne (local.get $m) (i32.const -1))
        (then
          (i32.store8 (i32.add (local.get $dtIgnore) (i32.add (local.get $dRow) (local.get $d)))
            (i32.load8_u (i32.add (local.get $gtIgnore) (i32.add (local.get $g0) (local.get $m)))))
          (i32.store (i32.add (local.get $dtMatches) (i32.shl (i32.add (local.get $dRow) (local.get $d)) (i32.const 2))) (i32.load (i32.add (local.get $gtSorted) (i32.shl (i32.add (local.get $g0) (local.get $m)) (i32.const 2)))))
          (i32.store (i32.add (local.get $gtMatches) (i32.shl (i32.add (local.get $gRow) (local.get $m)) (i32.const 2))) (i32.load (i32.add (local.get $dtOrder) (i32.shl (i32.add (local.get $d0) (local.get $d)) (i32.const 2)))))))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $nextRow))))

  ;; Unmatched detections outside the area range are ignored (ignoreOutOfRange); a match to a GT
  ;; with id 0 counts as unmatched.
  (func $ignoreOutOfRange
    (param $groupCount i32) (param $dtStart i32) (param $dtOrder i32) (param $dtAreas i32) (param $gtIds i32)
    (param $dtMatches i32) (param $dtIgnore i32) (param $T i32) (param $lo f64) (param $hi f64)
    (local $grp i32) (local $d0 i32) (local $D i32) (local $d i32) (local $area f64) (local $at i32)
    (local $end i32) (local $matched i32)
    (block $groups (loop $nextGroup
      (br_if $groups (i32.ge_s (local.get $grp) (local.get $groupCount)))
      (local.set $d0 (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $grp) (i32.const 2)))))
      (local.set $D (i32.sub
        (i32.load (i32.add (local.get $dtStart) (i32.shl (i32.add (local.get $grp) (i32.const 1)) (i32.const 2))))
        (local.get $d0)))
      (local.set $d (i32.const 0))
      (block $rows (loop $nextRow
        (br_if $rows (i32.ge_s (local.get $d) (local.get $D)))
        (local.set $area (f64.load (i32.add (local.get $dtAreas) (i32.shl
          (i32.load (i32.add (local.get $dtOrder) (i32.shl (i32.add (local.get $d0) (local.get $d)) (i32.const 2))))
          (i32.const 3)))))
        (if (i32.or (f64.lt (local.get $area) (local.get $lo)) (f64.gt (local.get $area) (local.get $hi)))
          (then
            (local.set $at (i32.add (i32.mul (local.get $T) (local.get $d0)) (local.get $d)))
            (local.set $end (i32.mul (local.get $T) (i32.add (local.get $d0) (local.get $D))))
            (block $done (loop $next
              (br_if $done (i32.ge_s (local.get $at) (local.get $end)))
              (local.set $matched (i32.load (i32.add (local.get $dtMatches) (i32.shl (local.get $at) (i32.const 2)))))
              (if (i32.or (i32.lt_s (local.get $matched) (i32.const 0))
                    (f64.eq (f64.load (i32.add (local.get $gtIds) (i32.shl (local.get $matched) (i32.const 3))))
                      (f64.const 0)))
                (then (i32.store8 (i32.add (local.get $dtIgnore) (local.get $at)) (i32.const 1))))
              (local.set $at (i32.add (local.get $at) (local.get $D)))
              (br $next)))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $nextRow)))
      (local.set $grp (i32.add (local.get $grp) (i32.const 1)))
      (br $nextGroup))))

;; match-groups.ts sameFlagGroups (copyable per group): same[grp] is 1 when the group's ground truth
  ;; (gtOrder[gtStart[grp] .. gtStart[grp + 1])) has the same flags in `flags` and `other`, or one flag
  ;; for all of it in each; 1 for a group without ground truth.
  (func (export "sameFlagGroups")
    (param $groupCount i32) (param $gtStart i32) (param $gtOrder i32) (param $flags i32) (param $other i32)
    (param $same i32)
    (local $grp i32) (local $j i32) (local $j1 i32) (local $obj i32) (local $f i32) (local $o i32)
    (local $f0 i32) (local $o0 i32) (local $equal i32) (local $uniform i32)
    (block $groups (loop $nextGroup
      (br_if $groups (i32.ge_s (local.get $grp) (local.get $groupCount)))
      (local.set $j (i32.load (i32.add (local.get $gtStart) (i32.shl (local.get $grp) (i32.const 2)))))
      (local.set $j1 (i32.load (i32.add (local.get $gtStart) (i32.shl (i32.add (local.get $grp) (i32.const 1)) (i32.const 2)))))
      (local.set $equal (i32.const 1))
      (local.set $uniform (i32.const 1))
      (if (i32.lt_s (local.get $j) (local.get $j1))
        (then
          (local.set $obj (i32.load (i32.add (local.get $gtOrder) (i32.shl (local.get $j) (i32.const 2)))))
          (local.set $f0 (i32.load8_u (i32.add (local.get $flags) (local.get $obj))))
          (local.set $o0 (i32.load8_u (i32.add (local.get $other) (local.get $obj))))
          (block $done (loop $next
            (br_if $done (i32.ge_s (local.get $j) (local.get $j1)))
            (local.set $obj (i32.load (i32.add (local.get $gtOrder) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $f (i32.load8_u (i32.add (local.get $flags) (local.get $obj))))
            (local.set $o (i32.load8_u (i32.add (local.get $other) (local.get $obj))))
            (if (i32.ne (local.get $f) (local.get $o)) (then (local.set $equal (i32.const 0))))
            (if (i32.or (i32.ne (local.get $f) (local.get $f0)) (i32.ne (local.get $o) (local.get $o0)))
              (then (local.set $uniform (i32.const 0))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next)))))
      (i32.store8 (i32.add (local.get $same) (local.get $grp)) (i32.or (local.get $equal) (local.get $uniform)))
      (local.set $grp (i32.add (local.get $grp) (i32.const 1)))
      (br $nextGroup))))

  ;; Every group of one area range: a copy of the reference's matches where same[grp] is 1, else a
  ;; greedy pass at every threshold (matchArea's loop). `iouStart` holds f64 element offsets.
  (func (export "matchGroups")
    (param $groupCount i32) (param $gtStart i32) (param $gtOrder i32) (param $dtStart i32) (param $dtOrder i32)
    (param $iouStart i32) (param $ious i32) (param $iscrowd i32) (param $flags i32) (param $same i32)
    (param $refGtSorted i32) (param $refGtMatches i32) (param $refDtMatches i32)
    (param $gtSorted i32) (param $gtIgnore i32) (param $gtMatches i32) (param $dtMatches i32) (param $dtIgnore i32)
    (param $cols i32) (param $cstart i32) (param $cat i32) (param $thresholds i32) (param $T i32) (param $lowest f64)
    (param $dtAreas i32) (param $gtIds i32) (param $lo f64) (param $hi f64)
    (local $grp i32) (local $g0 i32) (local $g1 i32) (local $d0 i32) (local $d1 i32) (local $G i32) (local $D i32)
    (local $base i32) (local $t i32) (local $nGt i32) (local $nDt i32)
    ;; unmatched (-1) and not ignored to begin with
    (local.set $nGt (i32.load (i32.add (local.get $gtStart) (i32.shl (local.get $groupCount) (i32.const 2)))))
    (local.set $nDt (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $groupCount) (i32.const 2)))))
    (memory.fill (local.get $gtMatches) (i32.const 255) (i32.shl (i32.mul (local.get $T) (local.get $nGt)) (i32.const 2)))
    (memory.fill (local.get $dtMatches) (i32.const 255) (i32.shl (i32.mul (local.get $T) (local.get $nDt)) (i32.const 2)))
    (memory.fill (local.get $dtIgnore) (i32.const 0) (i32.mul (local.get $T) (local.get $nDt)))
    (block $groups (loop $nextGroup
      (br_if $groups (i32.ge_s (local.get $grp) (local.get $groupCount)))
      (local.set $g0 (i32.load (i32.add (local.get $gtStart) (i32.shl (local.get $grp) (i32.const 2)))))
      (local.set $g1 (i32.load (i32.add (local.get $gtStart) (i32.shl (i32.add (local.get $grp) (i32.const 1)) (i32.const 2)))))
      (local.set $d0 (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $grp) (i32.const 2)))))
      (local.set $d1 (i32.load (i32.add (local.get $dtStart) (i32.shl (i32.add (local.get $grp) (i32.const 1)) (i32.const 2)))))
      (if (i32.eq (i32.load8_u (i32.add (local.get $same) (local.get $grp))) (i32.const 1))
        (then
          (call $copyGroup (local.get $g0) (local.get $g1) (local.get $d0) (local.get $d1) (local.get $T)
            (local.get $flags) (local.get $refGtSorted) (local.get $refGtMatches) (local.get $refDtMatches)
            (local.get $gtSorted) (local.get $gtIgnore) (local.get $gtMatches) (local.get $dtMatches)
            (local.get $dtIgnore)))
        (else
          (call $sortGtByIgnore (local.get $g0) (local.get $g1) (local.get $gtOrder) (local.get $flags)
            (local.get $gtSorted) (local.get $gtIgnore) (local.get $cols))
          (local.set $G (i32.sub (local.get $g1) (local.get $g0)))
          (local.set $D (i32.sub (local.get $d1) (local.get $d0)))
          (if (i32.and (i32.ne (local.get $G) (i32.const 0)) (i32.ne (local.get $D) (i32.const 0)))
            (then
              (local.set $base (i32.trunc_f64_u (f64.load (i32.add (local.get $iouStart) (i32.shl (local.get $grp) (i32.const 3))))))
              (call $listCandidates (local.get $ious) (local.get $base) (local.get $cols) (local.get $g0)
                (local.get $D) (local.get $G) (local.get $lowest) (local.get $cstart) (local.get $cat))
              (local.set $t (i32.const 0))
              (block $thresholds (loop $nextThreshold
                (br_if $thresholds (i32.ge_s (local.get $t) (local.get $T)))
                (call $matchAtThreshold (local.get $cstart) (local.get $cat) (local.get $ious) (local.get $base)
                  (local.get $cols) (local.get $gtSorted) (local.get $gtIgnore) (local.get $gtMatches)
                  (local.get $dtMatches) (local.get $dtIgnore) (local.get $iscrowd) (local.get $dtOrder)
                  (local.get $g0) (local.get $G) (local.get $d0) (local.get $D)
                  (i32.add (i32.mul (local.get $T) (local.get $d0)) (i32.mul (local.get $t) (local.get $D)))
                  (i32.add (i32.mul (local.get $T) (local.get $g0)) (i32.mul (local.get $t) (local.get $G)))
                  (f64.load (i32.add (local.get $thresholds) (i32.shl (local.get $t) (i32.const 3)))))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $nextThreshold)))))))
      (local.set $grp (i32.add (local.get $grp) (i32.const 1)))
      (br $nextGroup)))
    (call $ignoreOutOfRange (local.get $groupCount) (local.get $dtStart) (local.get $dtOrder) (local.get $dtAreas)
      (local.get $gtIds) (local.get $dtMatches) (local.get $dtIgnore) (local.get $T) (local.get $lo) (local.get $hi)))

  ;; The box IoU of every group's detections (rows, sorted order) × ground truth (columns, visiting
  ;; order) at iouStart[grp] (compute-ious.ts computeIous with rle-iou.ts boxIou: f64.min/max are
  ;; Math.min/max, NaN and -0 included). Boxes are [x, y, w, h] per object.
  (func (export "boxIous")
    (param $groupCount i32) (param $gtStart i32) (param $gtOrder i32) (param $dtStart i32) (param $dtOrder i32)
    (param $iouStart i32) (param $ious i32) (param $dtBoxes i32) (param $gtBoxes i32) (param $iscrowd i32)
    (local $grp i32) (local $g0 i32) (local $g1 i32) (local $d i32) (local $d1 i32) (local $g i32)
    (local $out i32) (local $db i32) (local $gb i32) (local $obj i32)
    (local $dx f64) (local $dy f64) (local $dw f64) (local $dh f64)
    (local $gx f64) (local $gy f64) (local $gw f64) (local $gh f64)
    (local $w f64) (local $h f64) (local $inter f64) (local $da f64) (local $union f64) (local $iou f64)
    (block $groups (loop $nextGroup
      (br_if $groups (i32.ge_s (local.get $grp) (local.get $groupCount)))
      (local.set $g0 (i32.load (i32.add (local.get $gtStart) (i32.shl (local.get $grp) (i32.const 2)))))
      (local.set $g1 (i32.load (i32.add (local.get $gtStart) (i32.shl (i32.add (local.get $grp) (i32.const 1)) (i32.const 2)))))
      (local.set $d (i32.load (i32.add (local.get $dtStart) (i32.shl (local.get $grp) (i32.const 2)))))
      (local.set $d1 (i32.load (i32.add (local.get $dtStart) (i32.shl (i32.add (local.get $grp) (i32.const 1)) (i32.const 2)))))
      (local.set $out (i32.add (local.get $ious) (i32.shl
        (i32.trunc_f64_u (f64.load (i32.add (local.get $iouStart) (i32.shl (local.get $grp) (i32.const 3)))))
        (i32.const 3))))
      (block $rows (loop $nextRow
        (br_if $rows (i32.ge_s (local.get $d) (local.get $d1)))
        (local.set $db (i32.add (local.get $dtBoxes) (i32.shl
          (i32.load (i32.add (local.get $dtOrder) (i32.shl (local.get $d) (i32.const 2))))
          (i32.const 5))))
        (local.set $dx (f64.load (local.get $db)))
        (local.set $dy (f64.load offset=8 (local.get $db)))
        (local.set $dw (f64.load offset=16 (local.get $db)))
        (local.set $dh (f64.load offset=24 (local.get $db)))
        (local.set $g (local.get $g0))
        (block $done (loop $next
          (br_if $done (i32.ge_s (local.get $g) (local.get $g1)))
          (local.set $obj (i32.load (i32.add (local.get $gtOrder) (i32.shl (local.get $g) (i32.const 2)))))
          (local.set $gb (i32.add (local.get $gtBoxes) (i32.shl (local.get $obj) (i32.const 5))))
          (local.set $gx (f64.load (local.get $gb)))
          (local.set $gy (f64.load offset=8 (local.get $gb)))
          (local.set $gw (f64.load offset=16 (local.get $gb)))
          (local.set $gh (f64.load offset=24 (local.get $gb)))
          (local.set $iou (f64.const 0))
          (block $zero
            (local.set $w (f64.sub
              (f64.min (f64.add (local.get $dw) (local.get $dx)) (f64.add (local.get $gw) (local.get $gx)))
              (f64.max (local.get $dx) (local.get $gx))))
            (br_if $zero (i32.eqz (f64.gt (local.get $w) (f64.const 0))))
            (local.set $h (f64.sub
              (f64.min (f64.add (local.get $dh) (local.get $dy)) (f64.add (local.get $gh) (local.get $gy)))
              (f64.max (local.get $dy) (local.get $gy))))
            (br_if $zero (i32.eqz (f64.gt (local.get $h) (f64.const 0))))
            (local.set $inter (f64.mul (local.get $w) (local.get $h)))
            (local.set $da (f64.mul (local.get $dw) (local.get $dh)))
            (local.set $union
              (if (result f64) (i32.eq (i32.load8_u (i32.add (local.get $iscrowd) (local.get $obj))) (i32.const 1))
                (then (local.get $da))
                (else (f64.sub (f64.add (local.get $da) (f64.mul (local.get $gw) (local.get $gh))) (local.get $inter)))))
            (local.set $iou (f64.div (local.get $inter) (local.get $union))))
          (f64.store (local.get $out) (local.get $iou))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))
          (local.set $g (i32.add (local.get $g) (i32.const 1)))
          (br $next)))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $nextRow)))
      (local.set $grp (i32.add (local.get $grp) (i32.const 1)))
      (br $nextGroup))))
)
