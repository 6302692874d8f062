;; read-coco-bytes.ts's record arrays (images, annotations, results) read by the rules of json-bytes.ts
;; (JsonBytes): the same syntax checks, the same numbers (a number of up to 15 digits without an
;; exponent as one exact division; any other number is left to JS as a "fixup": Number(text)), a record's
;; known members by a table, every other value skipped with its syntax checked. Whatever JsonBytes would
;; refuse (and a few things it would take: see "bail") ends the call with status 2, and the caller reads
;; the file with JsonBytes instead. The file's bytes are followed by a 0 byte in memory, which every rule
;; refuses as JsonBytes refuses the end of its bytes.
;; Addresses are byte addresses in this module's memory; positions in the file are addresses too.
(module
  (import "env" "memory" (memory 1))

  ;; A number's value (when $fix is 0), or its text's end for Number(text) (when $fix is 1).
  (global $num (mut f64) (f64.const 0))
  (global $fix (mut i32) (i32.const 0))
  ;; Whether the last string read held an escape.
  (global $esc (mut i32) (i32.const 0))
  ;; The member name's index in the key table (-1: another name).
  (global $key (mut i32) (i32.const 0))
  ;; The last literal's truth (true 1; false and null 0).
  (global $lit (mut i32) (i32.const 0))
  ;; The skip stack (512 bytes: JsonBytes' depth limit).
  (global $stack (mut i32) (i32.const 0))

  (func $isDigit (param $c i32) (result i32)
    (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))

  (func $numeric (param $c i32) (result i32)
    (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))))

  ;; The first position at or after p that is not JSON whitespace.
  (func $ws (param $p i32) (result i32)
    (local $c i32)
    (block $done (loop $next
      (local.set $c (i32.load8_u (local.get $p)))
      (br_if $done (i32.gt_u (local.get $c) (i32.const 0x20)))
      (br_if $done (i32.eqz (i32.or
        (i32.or (i32.eq (local.get $c) (i32.const 0x20)) (i32.eq (local.get $c) (i32.const 0x0a)))
        (i32.or (i32.eq (local.get $c) (i32.const 0x0d)) (i32.eq (local.get $c) (i32.const 0x09))))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $next)))
    (local.get $p))

  ;; JsonBytes.number at p (after whitespace): the position after it, or -1; sets $num or $fix.
  (func $number (param $p i32) (result i32)
    (local $neg i32) (local $m i64) (local $digits i32) (local $fraction i32) (local $c i32) (local $exact i32)
    (local $scale f64) (local $v f64)
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2d))
      (then (local.set $neg (i32.const 1)) (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (local.set $c (i32.load8_u (local.get $p)))
    (if (i32.eq (local.get $c) (i32.const 0x30))
      (then
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $digits (i32.const 1)))
      (else
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x31)) (i32.const 9))
          (then
            (block $done (loop $next
              (br_if $done (i32.eqz (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))))
              (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10))
                (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 0x30)))))
              (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $c (i32.load8_u (local.get $p)))
              (br $next))))
          (else (return (i32.const -1))))))
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2e))
      (then
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $c (i32.load8_u (local.get $p)))
        (if (i32.eqz (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))) (then (return (i32.const -1))))
        (block $done (loop $next
          (br_if $done (i32.eqz (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))))
          (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10))
            (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 0x30)))))
          (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
          (local.set $fraction (i32.add (local.get $fraction) (i32.const 1)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (local.set $c (i32.load8_u (local.get $p)))
          (br $next)))))
    (local.set $c (i32.load8_u (local.get $p)))
    (local.set $exact (i32.le_s (local.get $digits) (i32.const 15)))
    (if (i32.or (i32.eq (local.get $c) (i32.const 0x65)) (i32.eq (local.get $c) (i32.const 0x45)))
      (then
        (local.set $exact (i32.const 0))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $c (i32.load8_u (local.get $p)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 0x2b)) (i32.eq (local.get $c) (i32.const 0x2d)))
          (then (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (local.set $c (i32.load8_u (local.get $p)))))
        (if (i32.eqz (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))) (then (return (i32.const -1))))
        (block $done (loop $next
          (br_if $done (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $next)))))
    (if (i32.eqz (local.get $exact))
      (then (global.set $fix (i32.const 1)) (return (local.get $p))))
    (global.set $fix (i32.const 0))
    ;; m / 10^fraction: every power up to 10^15 is exact, and so is each product on the way.
    ;; Up to 15 digits the integer is below 2^53: its conversion is exact, as JsonBytes' doubles are.
    (local.set $v (f64.convert_i64_u (local.get $m)))
    (if (local.get $fraction)
      (then
        (local.set $scale (f64.const 1))
        (block $done (loop $next
          (br_if $done (i32.eqz (local.get $fraction)))
          (local.set $scale (f64.mul (local.get $scale) (f64.const 10)))
          (local.set $fraction (i32.sub (local.get $fraction) (i32.const 1)))
          (br $next)))
        (local.set $v (f64.div (local.get $v) (local.get $scale)))))
    (global.set $num (if (result f64) (local.get $neg) (then (f64.neg (local.get $v))) (else (local.get $v))))
    (local.get $p))

  ;; JsonBytes' passNumber: the position after a number's syntax at p, or -1.
  (func $passNumber (param $p i32) (result i32)
    (local $c i32)
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2d)) (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (local.set $c (i32.load8_u (local.get $p)))
    (if (i32.eq (local.get $c) (i32.const 0x30))
      (then (local.set $p (i32.add (local.get $p) (i32.const 1))))
      (else
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))
          (then
            (block $done (loop $next
              (br_if $done (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $next))))
          (else (return (i32.const -1))))))
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2e))
      (then
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (if (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))) (then (return (i32.const -1))))
        (block $done (loop $next
          (br_if $done (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $next)))))
    (local.set $c (i32.load8_u (local.get $p)))
    (if (i32.or (i32.eq (local.get $c) (i32.const 0x65)) (i32.eq (local.get $c) (i32.const 0x45)))
      (then
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $c (i32.load8_u (local.get $p)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 0x2b)) (i32.eq (local.get $c) (i32.const 0x2d)))
          (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
        (if (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))) (then (return (i32.const -1))))
        (block $done (loop $next
          (br_if $done (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $next)))))
    (local.get $p))

  ;; passNumber over numbers separated by single commas (an array's elements, no whitespace): the
  ;; position after the last of them (a comma not followed by a number is left to the caller), or -1.
  (func $numberRun (param $p i32) (result i32)
    (local $c i32)
    (loop $number
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2d)) (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
      (local.set $c (i32.load8_u (local.get $p)))
      (if (i32.eq (local.get $c) (i32.const 0x30))
        (then (local.set $p (i32.add (local.get $p) (i32.const 1))))
        (else
          (if (i32.ge_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)) (then (return (i32.const -1))))
          (loop $digits
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $digits (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))))))
      (local.set $c (i32.load8_u (local.get $p)))
      (if (i32.eq (local.get $c) (i32.const 0x2e))
        (then
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (if (i32.ge_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10)) (then (return (i32.const -1))))
          (loop $fraction
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $fraction (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))))
          (local.set $c (i32.load8_u (local.get $p)))))
      (if (i32.eq (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x65)) ;; e or E
        (then
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (local.set $c (i32.load8_u (local.get $p)))
          (if (i32.or (i32.eq (local.get $c) (i32.const 0x2b)) (i32.eq (local.get $c) (i32.const 0x2d)))
            (then (local.set $p (i32.add (local.get $p) (i32.const 1)))))
          (if (i32.ge_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10)) (then (return (i32.const -1))))
          (loop $exponent
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $exponent (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))))))
      ;; A comma, then another number at once: go on.
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2c))
        (then
          (local.set $c (i32.load8_u offset=1 (local.get $p)))
          (if (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))
            (then (local.set $p (i32.add (local.get $p) (i32.const 1))) (br $number))))))
    (local.get $p))

  ;; JsonBytes.skipString at p (an opening quote): the position after the closing one, or -1; sets $esc.
  (func $skipString (param $p i32) (result i32)
    (local $c i32) (local $e i32) (local $h i32) (local $i i32)
    (global.set $esc (i32.const 0))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (block $done (loop $next
      (local.set $c (i32.load8_u (local.get $p)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $done (i32.eq (local.get $c) (i32.const 0x22)))
      (if (i32.lt_u (local.get $c) (i32.const 0x20)) (then (return (i32.const -1))))
      (br_if $next (i32.ne (local.get $c) (i32.const 0x5c)))
      (global.set $esc (i32.const 1))
      (local.set $e (i32.load8_u (local.get $p)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (if (i32.eq (local.get $e) (i32.const 0x75))
        (then
          (local.set $i (i32.const 0))
          (block $hexDone (loop $hex
            (br_if $hexDone (i32.ge_s (local.get $i) (i32.const 4)))
            (local.set $h (i32.load8_u (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (if (i32.eqz (i32.or (i32.lt_u (i32.sub (local.get $h) (i32.const 0x30)) (i32.const 10))
                  (i32.lt_u (i32.sub (i32.or (local.get $h) (i32.const 0x20)) (i32.const 0x61)) (i32.const 6))))
              (then (return (i32.const -1))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $hex))))
        (else
          (if (i32.eqz (i32.or (i32.or
                (i32.or (i32.eq (local.get $e) (i32.const 0x22)) (i32.eq (local.get $e) (i32.const 0x5c)))
                (i32.or (i32.eq (local.get $e) (i32.const 0x2f)) (i32.eq (local.get $e) (i32.const 0x62))))
              (i32.or
                (i32.or (i32.eq (local.get $e) (i32.const 0x66)) (i32.eq (local.get $e) (i32.const 0x6e)))
                (i32.or (i32.eq (local.get $e) (i32.const 0x72)) (i32.eq (local.get $e) (i32.const 0x74))))))
            (then (return (i32.const -1))))))
      (br $next)))
    (local.get $p))

  ;; JsonBytes.literal at p (after whitespace): the position after true, false or null, or -1; sets $lit.
  (func $literal (param $p i32) (result i32)
    (local $c i32)
    (local.set $c (i32.load8_u (local.get $p)))
    (if (i32.and (i32.eq (local.get $c) (i32.const 0x74))
          (i32.eq (i32.load (local.get $p)) (i32.const 0x65757274))) ;; "true"
      (then (global.set $lit (i32.const 1)) (return (i32.add (local.get $p) (i32.const 4)))))
    (if (i32.and (i32.eq (local.get $c) (i32.const 0x66))
          (i32.and (i32.eq (i32.load offset=1 (local.get $p)) (i32.const 0x65736c61)) ;; "alse"
            (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x66))))
      (then (global.set $lit (i32.const 0)) (return (i32.add (local.get $p) (i32.const 5)))))
    (if (i32.and (i32.eq (local.get $c) (i32.const 0x6e))
          (i32.eq (i32.load (local.get $p)) (i32.const 0x6c6c756e))) ;; "null"
      (then (global.set $lit (i32.const 0)) (return (i32.add (local.get $p) (i32.const 4)))))
    (i32.const -1))

  ;; A member name and its colon from p (whitespace first), as skip passes it: the position after, or -1.
  (func $passKey (param $p i32) (result i32)
    (local.set $p (call $ws (local.get $p)))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x22)) (then (return (i32.const -1))))
    (local.set $p (call $skipString (local.get $p)))
    (if (i32.lt_s (local.get $p) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $p (call $ws (local.get $p)))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x3a)) (then (return (i32.const -1))))
    (i32.add (local.get $p) (i32.const 1)))

  ;; JsonBytes.skip from p: the position after any JSON value, its syntax checked, or -1.
  (func $skip (param $p i32) (result i32)
    (local $depth i32) (local $c i32) (local $close i32)
    (block $fail
      (loop $value
        ;; A value starts at p (after whitespace).
        (local.set $p (call $ws (local.get $p)))
        (local.set $c (i32.load8_u (local.get $p)))
        (block $after
          (if (i32.eq (local.get $c) (i32.const 0x22))
            (then (local.set $p (call $skipString (local.get $p))) (br $after)))
          (if (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))
            (then
              ;; In an array, a run of numbers between commas (a polygon) in one loop.
              (local.set $p (if (result i32)
                (i32.and (i32.gt_s (local.get $depth) (i32.const 0))
                  (i32.eq (i32.load8_u (i32.sub (i32.add (global.get $stack) (local.get $depth)) (i32.const 1)))
                    (i32.const 0x5d)))
                (then (call $numberRun (local.get $p)))
                (else (call $passNumber (local.get $p)))))
              (br $after)))
          (if (i32.eq (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x7b)) ;; [ or {
            (then
              (local.set $close (i32.add (local.get $c) (i32.const 2)))
              (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
              (if (i32.eq (i32.load8_u (local.get $p)) (local.get $close))
                (then (local.set $p (i32.add (local.get $p) (i32.const 1))) (br $after)))
              (br_if $fail (i32.eq (local.get $depth) (i32.const 512)))
              (i32.store8 (i32.add (global.get $stack) (local.get $depth)) (local.get $close))
              (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
              (if (i32.eq (local.get $close) (i32.const 0x7d))
                (then
                  (local.set $p (call $passKey (local.get $p)))
                  (br_if $fail (i32.lt_s (local.get $p) (i32.const 0)))))
              (br $value)))
          (local.set $p (call $literal (local.get $p))))
        (br_if $fail (i32.lt_s (local.get $p) (i32.const 0)))
        ;; After a value: a comma (next element or member) or the close of its container.
        (loop $closing
          (if (i32.eqz (local.get $depth)) (then (return (local.get $p))))
          (local.set $p (call $ws (local.get $p)))
          (local.set $c (i32.load8_u (local.get $p)))
          (local.set $close (i32.load8_u (i32.sub (i32.add (global.get $stack) (local.get $depth)) (i32.const 1))))
          (if (i32.eq (local.get $c) (i32.const 0x2c))
            (then
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (if (i32.eq (local.get $close) (i32.const 0x7d))
                (then
                  (local.set $p (call $passKey (local.get $p)))
                  (br_if $fail (i32.lt_s (local.get $p) (i32.const 0)))))
              (br $value)))
          (br_if $fail (i32.ne (local.get $c) (local.get $close)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
          (br $closing))))
    (i32.const -1))

  ;; JsonBytes.key from p: the position after the name's colon, or -1; sets $key (table entries of four
  ;; i32: the name's address, its length, the member's kind and its slot).
  (func $key (param $p i32) (param $keys i32) (param $nKeys i32) (result i32)
    (local $start i32) (local $n i32) (local $c i32) (local $i i32) (local $entry i32) (local $name i32)
    (local $j i32)
    (local.set $p (call $ws (local.get $p)))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x22)) (then (return (i32.const -1))))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (local.set $start (local.get $p))
    (block $done (loop $next
      (local.set $c (i32.load8_u (local.get $p)))
      (br_if $done (i32.eq (local.get $c) (i32.const 0x22)))
      ;; An escaped or non-ASCII name, or the end of the file.
      (if (i32.or (i32.eq (local.get $c) (i32.const 0x5c))
            (i32.or (i32.lt_u (local.get $c) (i32.const 0x20)) (i32.ge_u (local.get $c) (i32.const 0x80))))
        (then (return (i32.const -1))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $next)))
    (local.set $n (i32.sub (local.get $p) (local.get $start)))
    (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x3a)) (then (return (i32.const -1))))
    (global.set $key (i32.const -1))
    (block $found (loop $nextName
      (br_if $found (i32.ge_s (local.get $i) (local.get $nKeys)))
      (local.set $entry (i32.add (local.get $keys) (i32.shl (local.get $i) (i32.const 4))))
      (if (i32.eq (i32.load offset=4 (local.get $entry)) (local.get $n))
        (then
          (local.set $name (i32.load (local.get $entry)))
          (local.set $j (i32.const 0))
          (block $differ (loop $byte
            (if (i32.ge_s (local.get $j) (local.get $n))
              (then (global.set $key (local.get $i)) (br $found)))
            (br_if $differ (i32.ne (i32.load8_u (i32.add (local.get $name) (local.get $j)))
              (i32.load8_u (i32.add (local.get $start) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $byte)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $nextName)))
    (i32.add (local.get $p) (i32.const 1)))

  ;; A number read by $number at p (after whitespace) into f64 slot `at` of the window, or a fixup
  ;; (slot index, text start, text end, kind) at fixups[nfix]: returns the position, or -1.
  (func $value (param $p i32) (param $slot i32) (param $window i32) (param $fixups i32) (param $kind i32)
    (result i32)
    (local $start i32) (local $f i32)
    (local.set $start (local.get $p))
    (local.set $p (call $number (local.get $p)))
    (if (i32.lt_s (local.get $p) (i32.const 0)) (then (return (i32.const -1))))
    (if (global.get $fix)
      (then
        (local.set $f (i32.add (local.get $fixups) (i32.shl (i32.load offset=8 (i32.const 0)) (i32.const 4))))
        (i32.store (local.get $f) (local.get $slot))
        (i32.store offset=4 (local.get $f) (local.get $start))
        (i32.store offset=8 (local.get $f) (local.get $p))
        (i32.store offset=12 (local.get $f) (local.get $kind))
        (i32.store offset=8 (i32.const 0) (i32.add (i32.load offset=8 (i32.const 0)) (i32.const 1)))
        (return (local.get $p))))
    (f64.store (i32.add (local.get $window) (i32.shl (local.get $slot) (i32.const 3)))
      (if (result f64) (i32.eq (local.get $kind) (i32.const 5))
        (then (if (result f64) (f64.ne (global.get $num) (f64.const 0)) (then (f64.const 1)) (else (f64.const 0))))
        (else (global.get $num))))
    (local.get $p))

  ;; Records of an array from p (the first one's start, after "[" and whitespace, or after a comma) into
  ;; `width` f64 slots each at `window` (at most `cap` records, then status 1: call again from the
  ;; position given). Each record starts as `defaults` (width f64). Members by the key table (kinds:
  ;; 1 a number, 2 a number or any value skipped, 3 a string (its start and end addresses in two slots,
  ;; the end negated when it holds an escape) or any value skipped, 4 a box of four numbers, 5 a number's
  ;; truth or a literal's, 6 not handled); another name's value is skipped; a known member seen twice,
  ;; or a record without every member of `required` (bits by table index), is not handled. Fixups, at
  ;; most `fixCap` (then status 1 as well), are four i32 each: the window slot, the text's start and end,
  ;; the kind. Memory at 0: the position reached, the records read, the fixups made (i32 each).
  ;; Returns 0 at the array's end (the position after "]"), 1 when the window or fixups are full, 2 when
  ;; not handled.
  (func (export "records")
    (param $p i32) (param $keys i32) (param $nKeys i32) (param $required i32) (param $width i32)
    (param $defaults i32) (param $window i32) (param $cap i32) (param $fixups i32) (param $fixCap i32)
    (param $stack i32) (result i32)
    (local $count i32) (local $rec i32) (local $seen i32) (local $k i32) (local $bit i32) (local $entry i32)
    (local $kind i32) (local $slot i32) (local $c i32) (local $i i32) (local $s i32)
    (global.set $stack (local.get $stack))
    (i32.store offset=8 (i32.const 0) (i32.const 0))
    (block $fail
      (loop $record
        (if (i32.or (i32.ge_s (local.get $count) (local.get $cap))
              (i32.gt_s (i32.add (i32.load offset=8 (i32.const 0)) (local.get $width)) (local.get $fixCap)))
          (then
            (i32.store (i32.const 0) (local.get $p))
            (i32.store offset=4 (i32.const 0) (local.get $count))
            (return (i32.const 1))))
        (local.set $rec (i32.mul (local.get $count) (local.get $width)))
        (memory.copy (i32.add (local.get $window) (i32.shl (local.get $rec) (i32.const 3)))
          (local.get $defaults) (i32.shl (local.get $width) (i32.const 3)))
        (local.set $seen (i32.const 0))
        (local.set $p (call $ws (local.get $p)))
        (br_if $fail (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x7b)))
        (local.set $p (call $ws (i32.add (local.get $p) (i32.const 1))))
        (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x7d))
          (then (local.set $p (i32.add (local.get $p) (i32.const 1))))
          (else
            (loop $member
              (local.set $p (call $key (local.get $p) (local.get $keys) (local.get $nKeys)))
              (br_if $fail (i32.lt_s (local.get $p) (i32.const 0)))
              (local.set $k (global.get $key))
              (local.set $p (call $ws (local.get $p)))
              (local.set $c (i32.load8_u (local.get $p)))
              (if (i32.lt_s (local.get $k) (i32.const 0))
                (then (local.set $p (call $skip (local.get $p))))
                (else
                  (local.set $bit (i32.shl (i32.const 1) (local.get $k)))
                  (br_if $fail (i32.and (local.get $seen) (local.get $bit)))
                  (local.set $seen (i32.or (local.get $seen) (local.get $bit)))
                  (local.set $entry (i32.add (local.get $keys) (i32.shl (local.get $k) (i32.const 4))))
                  (local.set $kind (i32.load offset=8 (local.get $entry)))
                  (local.set $slot (i32.add (local.get $rec) (i32.load offset=12 (local.get $entry))))
                  (block $read
                    (if (i32.eq (local.get $kind) (i32.const 1))
                      (then
                        (br_if $fail (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))))
                        (local.set $p (call $value (local.get $p) (local.get $slot) (local.get $window)
                          (local.get $fixups) (local.get $kind)))
                        (br $read)))
                    (if (i32.eq (local.get $kind) (i32.const 2))
                      (then
                        (if (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))
                          (then (local.set $p (call $value (local.get $p) (local.get $slot) (local.get $window)
                            (local.get $fixups) (local.get $kind))))
                          (else (local.set $p (call $skip (local.get $p)))))
                        (br $read)))
                    (if (i32.eq (local.get $kind) (i32.const 3))
                      (then
                        (if (i32.eq (local.get $c) (i32.const 0x22))
                          (then
                            (local.set $s (local.get $p))
                            (local.set $p (call $skipString (local.get $p)))
                            (br_if $fail (i32.lt_s (local.get $p) (i32.const 0)))
                            (f64.store (i32.add (local.get $window) (i32.shl (local.get $slot) (i32.const 3)))
                              (f64.convert_i32_u (i32.add (local.get $s) (i32.const 1))))
                            (f64.store offset=8 (i32.add (local.get $window) (i32.shl (local.get $slot) (i32.const 3)))
                              (if (result f64) (global.get $esc)
                                (then (f64.neg (f64.convert_i32_u (i32.sub (local.get $p) (i32.const 1)))))
                                (else (f64.convert_i32_u (i32.sub (local.get $p) (i32.const 1)))))))
                          (else (local.set $p (call $skip (local.get $p)))))
                        (br $read)))
                    (if (i32.eq (local.get $kind) (i32.const 4))
                      (then
                        (br_if $fail (i32.ne (local.get $c) (i32.const 0x5b)))
                        (local.set $p (i32.add (local.get $p) (i32.const 1)))
                        (local.set $i (i32.const 0))
                        (loop $coordinate
                          (if (local.get $i)
                            (then
                              (local.set $p (call $ws (local.get $p)))
                              (br_if $fail (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x2c)))
                              (local.set $p (i32.add (local.get $p) (i32.const 1)))))
                          (local.set $p (call $ws (local.get $p)))
                          (br_if $fail (i32.eqz (call $numeric (i32.load8_u (local.get $p)))))
                          (local.set $p (call $value (local.get $p) (i32.add (local.get $slot) (local.get $i))
                            (local.get $window) (local.get $fixups) (local.get $kind)))
                          (br_if $fail (i32.lt_s (local.get $p) (i32.const 0)))
                          (local.set $i (i32.add (local.get $i) (i32.const 1)))
                          (br_if $coordinate (i32.lt_s (local.get $i) (i32.const 4))))
                        (local.set $p (call $ws (local.get $p)))
                        (br_if $fail (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x5d)))
                        (local.set $p (i32.add (local.get $p) (i32.const 1)))
                        (br $read)))
                    (if (i32.eq (local.get $kind) (i32.const 5))
                      (then
                        (if (i32.or (i32.eq (local.get $c) (i32.const 0x2d)) (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))
                          (then (local.set $p (call $value (local.get $p) (local.get $slot) (local.get $window)
                            (local.get $fixups) (local.get $kind))))
                          (else
                            (local.set $p (call $literal (local.get $p)))
                            (br_if $fail (i32.lt_s (local.get $p) (i32.const 0)))
                            (f64.store (i32.add (local.get $window) (i32.shl (local.get $slot) (i32.const 3)))
                              (f64.convert_i32_u (global.get $lit)))))
                        (br $read)))
                    (br $fail))))
              (br_if $fail (i32.lt_s (local.get $p) (i32.const 0)))
              ;; JsonBytes.more("}")
              (local.set $p (call $ws (local.get $p)))
              (local.set $c (i32.load8_u (local.get $p)))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br_if $member (i32.eq (local.get $c) (i32.const 0x2c)))
              (br_if $fail (i32.ne (local.get $c) (i32.const 0x7d))))))
        (br_if $fail (i32.ne (i32.and (local.get $seen) (local.get $required)) (local.get $required)))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        ;; JsonBytes.more("]")
        (local.set $p (call $ws (local.get $p)))
        (local.set $c (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $record (i32.eq (local.get $c) (i32.const 0x2c)))
        (br_if $fail (i32.ne (local.get $c) (i32.const 0x5d)))
        (i32.store (i32.const 0) (local.get $p))
        (i32.store offset=4 (i32.const 0) (local.get $count))
        (return (i32.const 0))))
    (i32.const 2))
)
