/* A latched doorbell between host threads, as an HSEM interrupt is between
 * the cores: ring sets it and wakes the sleeper; wait returns at once if it
 * rang already, and clears it.  For the ipc_chan stress test and bench. */
#ifndef H7STACK_HOST_BELL_H
#define H7STACK_HOST_BELL_H

#include <pthread.h>

typedef struct {
    pthread_mutex_t m;
    pthread_cond_t c;
    int rung;
} bell_t;

#define BELL_INIT { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 }

static inline void bell_ring(bell_t *b)
{
    pthread_mutex_lock(&b->m);
    b->rung = 1;
    pthread_cond_signal(&b->c);
    pthread_mutex_unlock(&b->m);
}

static inline void bell_wait(bell_t *b)
{
    pthread_mutex_lock(&b->m);
    while (!b->rung) {
        pthread_cond_wait(&b->c, &b->m);
    }
    b->rung = 0;
    pthread_mutex_unlock(&b->m);
}

#endif
