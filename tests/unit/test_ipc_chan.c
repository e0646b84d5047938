/* cmocka tests of lib/ipc's channel (doorbells, sleeping, timeouts) and of
 * the shared-memory block, single-threaded with scripted ring()/sleep(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "h7_shm.h"

/* the two sides of one shared block, as the CM7 and the CM4 see it */
typedef struct {
    h7_shm_t *shm;
    ipc_chan_t cm7, cm4;
    int rings_to[2];            /* doorbells received: [0] CM7, [1] CM4 */
    int (*on_sleep)(ipc_chan_t *ch);
} fixture_t;

static fixture_t *fx;

static void ring_peer(ipc_chan_t *ch)
{
    fx->rings_to[ch == &fx->cm7 ? 1 : 0]++;
}

static int scripted_sleep(ipc_chan_t *ch, void *deadline)
{
    (void)deadline;
    return fx->on_sleep ? fx->on_sleep(ch) : 1;
}

static int setup(void **state)
{
    fx = calloc(1, sizeof(*fx));
    fx->shm = aligned_alloc(IPC_LINE, sizeof(h7_shm_t));
    assert_int_equal(h7_shm_init(fx->shm), IPC_OK);
    h7_shm_t *m = fx->shm;
    fx->cm7 = (ipc_chan_t){ .tx = h7_shm_cmd(m), .rx = h7_shm_evt(m), .mine = &m->cm7_flags,
                            .peer = &m->cm4_flags, .ring = ring_peer, .sleep = scripted_sleep };
    fx->cm4 = (ipc_chan_t){ .tx = h7_shm_evt(m), .rx = h7_shm_cmd(m), .mine = &m->cm4_flags,
                            .peer = &m->cm7_flags, .ring = ring_peer, .sleep = scripted_sleep };
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(fx->shm);
    free(fx);
    return 0;
}

static void test_shm_init_and_check(void **state)
{
    (void)state;
    h7_shm_t *m = fx->shm;
    assert_int_equal(h7_shm_check(m), IPC_OK);
    assert_int_equal(m->size, sizeof(h7_shm_t));
    assert_int_equal(h7_shm_cmd(m)->size, H7_SHM_CMD_RING_SIZE);
    assert_int_equal(h7_shm_evt(m)->size, H7_SHM_EVT_RING_SIZE);
    assert_int_equal(ipc_ring_depth(h7_shm_cmd(m)), 0);
    assert_int_equal(atomic_load(&m->cm4_state), H7_CM4_OFF);
    m->version++;
    assert_int_equal(h7_shm_check(m), IPC_EINVAL);
    m->version--;
    m->magic ^= 1;
    assert_int_equal(h7_shm_check(m), IPC_EINVAL);
    m->magic ^= 1;
    m->evt_offset += IPC_LINE;
    assert_int_equal(h7_shm_check(m), IPC_EINVAL);
}

static void test_no_bell_while_the_peer_is_awake(void **state)
{
    (void)state;
    for (int i = 0; i < 10; i++) {
        assert_int_equal(ipc_chan_try_send(&fx->cm7, "abc", 3, 1), IPC_OK);
    }
    assert_int_equal(fx->rings_to[1], 0);
    assert_int_equal(fx->cm7.bells_rung, 0);
}

static void test_bell_when_the_peer_sleeps_for_data(void **state)
{
    (void)state;
    atomic_store(&fx->shm->cm4_flags.want_data, 1);
    assert_int_equal(ipc_chan_try_send(&fx->cm7, "abc", 3, 1), IPC_OK);
    assert_int_equal(fx->rings_to[1], 1);
    assert_int_equal(fx->rings_to[0], 0);
    assert_int_equal(fx->cm7.bells_rung, 1);
    /* the bell took the flag: one bell per sleep, not one per record */
    assert_int_equal(atomic_load(&fx->shm->cm4_flags.want_data), 0);
    assert_int_equal(ipc_chan_try_send(&fx->cm7, "def", 3, 1), IPC_OK);
    assert_int_equal(fx->rings_to[1], 1);
}

/* the CM4 sleeps on an empty ring; "meanwhile" the CM7 sends */
static int cm7_sends_while_cm4_sleeps(ipc_chan_t *ch)
{
    assert_ptr_equal(ch, &fx->cm4);
    assert_int_equal(atomic_load(&fx->shm->cm4_flags.want_data), 1);
    assert_int_equal(ipc_chan_try_send(&fx->cm7, "wake", 4, 7), IPC_OK);
    return 0;
}

static void test_recv_sleeps_until_a_record_arrives(void **state)
{
    (void)state;
    char buf[8];
    uint16_t len, type;
    uint32_t seq;
    fx->on_sleep = cm7_sends_while_cm4_sleeps;
    assert_int_equal(ipc_chan_recv(&fx->cm4, buf, sizeof(buf), &len, &type, &seq, NULL), IPC_OK);
    assert_int_equal(len, 4);
    assert_memory_equal(buf, "wake", 4);
    assert_int_equal(type, 7);
    assert_int_equal(fx->cm4.sleeps, 1);
    assert_int_equal(fx->rings_to[1], 1);       /* the sender saw the flag */
    assert_int_equal(atomic_load(&fx->shm->cm4_flags.want_data), 0);
}

static void test_recv_times_out_and_clears_its_flag(void **state)
{
    (void)state;
    char buf[8];
    uint16_t len, type;
    uint32_t seq;
    fx->on_sleep = NULL;                        /* every sleep runs out of time */
    assert_int_equal(ipc_chan_recv(&fx->cm4, buf, sizeof(buf), &len, &type, &seq, NULL),
                     IPC_ETIMEOUT);
    assert_int_equal(fx->cm4.timeouts, 1);
    assert_int_equal(atomic_load(&fx->shm->cm4_flags.want_data), 0);
}

static int fill(ipc_chan_t *ch, uint16_t len)
{
    static uint8_t payload[1024];
    int n = 0;
    while (ipc_chan_try_send(ch, payload, len, 2) == IPC_OK) {
        n++;
    }
    return n;
}

/* the CM7 sleeps on a full ring; "meanwhile" the CM4 reads one record */
static int cm4_reads_while_cm7_waits(ipc_chan_t *ch)
{
    static uint8_t buf[1024];
    uint16_t len, type;
    uint32_t seq;
    assert_ptr_equal(ch, &fx->cm7);
    assert_int_equal(atomic_load(&fx->shm->cm7_flags.want_space), 1);
    assert_int_equal(ipc_chan_try_recv(&fx->cm4, buf, sizeof(buf), &len, &type, &seq), IPC_OK);
    return 0;
}

static void test_full_ring_sender_times_out_then_continues(void **state)
{
    (void)state;
    ipc_ring_t *cmd = h7_shm_cmd(fx->shm);
    int n = fill(&fx->cm7, 1000);
    assert_true(n > 0);
    n += fill(&fx->cm7, 1);                     /* to the last byte */
    uint32_t written = cmd->records_written, depth = ipc_ring_depth(cmd);

    fx->on_sleep = NULL;
    assert_int_equal(ipc_chan_send(&fx->cm7, "x", 1, 3, NULL), IPC_ETIMEOUT);
    assert_int_equal(cmd->records_written, written);    /* nothing half-sent */
    assert_int_equal(ipc_ring_depth(cmd), depth);
    assert_int_equal(cmd->producer_waits, 1);
    assert_int_equal(fx->cm7.timeouts, 1);
    assert_int_equal(atomic_load(&fx->shm->cm7_flags.want_space), 0);

    /* the consumer frees room while the producer sleeps: the send goes
     * through and the consumer rang the producer's bell */
    fx->on_sleep = cm4_reads_while_cm7_waits;
    assert_int_equal(ipc_chan_send(&fx->cm7, "y", 1, 3, NULL), IPC_OK);
    assert_int_equal(fx->rings_to[0], 1);
    assert_int_equal(cmd->producer_waits, 2);

    /* every record still arrives, in order */
    uint8_t buf[1024];
    uint16_t len, type;
    uint32_t seq, expect = 1;                   /* record 0 was read above */
    while (ipc_chan_try_recv(&fx->cm4, buf, sizeof(buf), &len, &type, &seq) == IPC_OK) {
        assert_int_equal(seq, expect++);
    }
    assert_int_equal(expect, (uint32_t)n + 1);
    assert_int_equal(len, 1);
    assert_int_equal(buf[0], 'y');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_shm_init_and_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_bell_while_the_peer_is_awake, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bell_when_the_peer_sleeps_for_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recv_sleeps_until_a_record_arrives, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recv_times_out_and_clears_its_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_ring_sender_times_out_then_continues, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
