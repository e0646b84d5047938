/*
 * Model of lib/ipc (ipc_ring.c + ipc_chan.c) for spin: one producer, one
 * consumer, a ring of RING units (a unit is 8 bytes: one header or 8 bytes
 * of payload), records of 1 or 2 units chosen at random, padding records
 * where a record does not fit before the end, and the doorbell protocol:
 * announce the flag, re-check, sleep on a latched bell; the other side
 * publishes, then takes the flag (atomic exchange) and rings if it was set.
 *
 * Promela statements interleave with sequentially consistent memory, which
 * is what the two seq_cst fences of ipc_chan.c give the C code.
 *
 * Checked: every record arrives once, in order, with its length; no state
 * where both sides sleep with nothing to wake them (invalid end state);
 * padding only runs to the end of the area.
 * Build with -DNO_RECHECK to drop the re-check after the announcement: spin
 * must then find the lost wake-up (tests/model/Makefile checks it does).
 */
#define RING  4             /* units in the data area */
#define MSGS  7             /* records sent: several wraparounds */
#define PAD   255           /* header type of a padding record */

byte kind[RING];            /* per unit: record seq, or PAD */
byte size[RING];            /* units the record (or padding) occupies */
byte head = 0, tail = 0;    /* free-running unit counts (MSGS keeps them < 256) */
byte sent_len[MSGS];

bit cons_want_data = 0, prod_want_space = 0;
bit bell_cons = 0, bell_prod = 0;   /* latched doorbells */
byte received = 0;


active proctype producer()
{
    byte i = 0, units, off, pad;
    bool ok;
    do
    :: i == MSGS -> break
    :: else ->
        if :: units = 1 :: units = 2 fi;
        sent_len[i] = units;
retry:
        /* ipc_ring_try_write: space check, padding, record, publish */
        off = head % RING;
        pad = (units > RING - off -> RING - off : 0);
        ok = (RING - (head - tail) >= pad + units);
        if
        :: ok ->
            if
            :: pad > 0 -> kind[off] = PAD; size[off] = pad; off = 0
            :: else -> skip
            fi;
            kind[off] = i; size[off] = units;
            head = head + pad + units;        /* publish (release) */
            /* wake_peer_if (after the fence) */
            atomic { if :: cons_want_data -> cons_want_data = 0; bell_cons = 1
                        :: else -> skip fi };
            i++
        :: else ->
            /* ipc_chan_send: announce, re-check, sleep */
            prod_want_space = 1;
#ifndef NO_RECHECK
            off = head % RING;
            pad = (units > RING - off -> RING - off : 0);
            if
            :: RING - (head - tail) >= pad + units ->
                prod_want_space = 0; goto retry
            :: else -> skip
            fi;
#endif
            bell_prod == 1;                 /* sleep until the bell rang */
            bell_prod = 0;
            prod_want_space = 0;
            goto retry
        fi
    od
}

active proctype consumer()
{
    byte off, expect = 0;
    do
    :: expect == MSGS -> break
    :: else ->
        if
        :: head != tail ->
            off = tail % RING;
            if
            :: kind[off] == PAD ->
                assert(off + size[off] == RING);    /* padding runs to the end */
                tail = tail + size[off]
            :: else ->
                assert(kind[off] == expect);        /* in order, none lost */
                assert(size[off] == sent_len[expect]);
                expect++;
                received = expect;
                tail = tail + size[off];            /* release the space */
                atomic { if :: prod_want_space -> prod_want_space = 0; bell_prod = 1
                            :: else -> skip fi }
            fi
        :: else ->
            /* ipc_chan_recv: announce, re-check, sleep */
            cons_want_data = 1;
#ifndef NO_RECHECK
            if
            :: head != tail -> cons_want_data = 0
            :: else ->
#endif
                bell_cons == 1;
                bell_cons = 0;
                cons_want_data = 0
#ifndef NO_RECHECK
            fi
#endif
        fi
    od;
    assert(received == MSGS && head == tail)
}
