/*
 * sticky, as model/nextState.ts and model/strategies/node-memory.ts say it, in Promela: sessions
 * in node memory behind a balancer with affinity cookies and redispatch; 2 users, 2 nodes (a
 * third may be added), the ledger of issued credentials with its revocation, logout, fault and
 * wipe marks, the attacker's two copies per user, ticks of 60, 300 and 3600 s. Each action is
 * one d_step, so SPIN's search depth counts actions as the explorer's does. The checks that hold
 * for sticky are assertions on every accepted presentation (no impersonation, no expired,
 * revoked, logged-out or refused-before-wipe credential accepted). For `npm run bench` only
 * (bench/spin.ts): it measures SPIN's speed on the same semantics, it decides nothing.
 * No symmetry reduction: compare with the explorer's --no-symmetry count.
 */
#define NONE 255
#define L 8            /* ledger slots: one login per step, so depth 8 never fills them */
#define MAXN 3
#define TTL 1800
#define MAXCLOCK 172800
#define MAXITEMS 50
#define CRASH 1
#define DRAIN 2
#define OUTAGE 4
#define WIPE 8

typedef Entry { byte owner; byte faults; bit wsr; bit wslo; bit rbw; byte items; int issued; int revoked; int loggedOut }
typedef Client { byte cred; byte aff; byte stolen; byte older }   /* IDs, 0 = none; aff = node + 1, 0 = none */

Entry led[L + 1];      /* by credential ID, 1..L */
Client cl[2];
byte nLed;
byte nNodes = 2;
byte up = 3;           /* bit n: node n is live */
short sess[MAXN];      /* bit i: node holds session i */
byte ptr;
int clock;
bit storeUp = 1;

/*
 * Scratch of one d_step, written before read and zeroed at its end (CLEAN), so it never tells two
 * states apart (SPIN's breadth-first search cannot use hidden variables).
 */
byte node, i, k, given, a, c, refused;
#define CLEAN node = 0; i = 0; k = 0; given = 0; a = 0; c = 0; refused = 0

/* The balancer: node a − 1 if a names a live one, else round-robin from the pointer (NONE: no live node). */
inline route() {
  node = NONE;
  if
  :: a != 0 && (up & (1 << (a - 1))) -> node = a - 1
  :: else ->
     k = 0;
     do
     :: k < nNodes && (up & (1 << ((ptr + k) % nNodes))) -> node = (ptr + k) % nNodes; ptr = (node + 1) % nNodes; break
     :: k < nNodes && !(up & (1 << ((ptr + k) % nNodes))) -> k++
     :: k >= nNodes -> break
     od
  fi
}

#define HELD(n, c) ((sess[n] >> (c)) & 1)
#define LIVE(c) (clock < led[c].issued + TTL)
#define LIVE_NODES ((up & 1) + ((up >> 1) & 1) + ((up >> 2) & 1))

/* The checks that hold for sticky, on an accepted presentation of credential c. */
inline accepted() {
  assert(LIVE(c));
  assert(led[c].revoked == -1 || led[c].wsr);
  assert(led[c].loggedOut == -1 || led[c].wslo);
  assert(!led[c].rbw)
}

inline keep(u, g) {
  if
  :: g != 0 && g != cl[u].stolen ->
     if
     :: cl[u].stolen != 0 -> cl[u].older = cl[u].stolen
     :: else -> skip
     fi;
     cl[u].stolen = g
  :: else -> skip
  fi
}

inline forget(n, mask) {
  i = 1;
  do
  :: i <= nLed -> if :: (mask >> i) & 1 -> led[i].items = 0 :: else -> skip fi; i++
  :: else -> break
  od;
  i = 0   /* a d_step may not end with a loop's break */
}

inline markFault(f) {
  i = 1;
  do
  :: i <= nLed -> led[i].faults = led[i].faults | f; i++
  :: else -> break
  od;
  i = 0
}

inline login(u) {
  d_step { nLed < L ->
    a = cl[u].aff; route();
    if
    :: node != NONE ->
       nLed++;
       led[nLed].owner = u; led[nLed].issued = clock; led[nLed].revoked = -1; led[nLed].loggedOut = -1;
       sess[node] = sess[node] | (1 << nLed);
       cl[u].aff = node + 1;
       given = cl[u].cred; cl[u].cred = nLed;
       keep(u, given)
    :: else -> skip
    fi;
    CLEAN
  }
}

/* whoami (add = 0) or addItem (add = 1) with u's own credential. */
inline request(u, add) {
  d_step { cl[u].cred != 0 ->
    a = cl[u].aff; route();
    c = cl[u].cred;
    if
    :: node != NONE ->
       cl[u].aff = node + 1;
       if
       :: HELD(node, c) && LIVE(c) ->
          accepted();
          if :: add && led[c].items < MAXITEMS -> led[c].items++ :: else -> skip fi
       :: else -> skip
       fi
    :: else -> skip
    fi;
    CLEAN
  }
}

inline logout(u) {
  d_step { cl[u].cred != 0 ->
    a = cl[u].aff; route();
    given = cl[u].cred;
    if
    :: node != NONE ->
       cl[u].aff = node + 1;
       if :: HELD(node, given) -> sess[node] = sess[node] & ~(1 << given); led[given].items = 0 :: else -> skip fi;
       if :: led[given].loggedOut == -1 -> led[given].loggedOut = clock; led[given].wslo = 0 :: else -> skip fi
    :: else -> skip
    fi;
    cl[u].cred = 0;
    keep(u, given);
    CLEAN
  }
}

/* The attacker presents its newest (old = 0) or older (old = 1) copy of u's credential, without affinity cookie. */
inline replay(u, old) {
  d_step { (!old && cl[u].stolen != 0) || (old && cl[u].older != 0) ->
    a = 0; route();
    if :: !old -> c = cl[u].stolen :: else -> c = cl[u].older fi;
    if
    :: node != NONE && HELD(node, c) && LIVE(c) -> accepted()
    :: else -> skip
    fi;
    CLEAN
  }
}

inline revoke(u) {
  d_step { true ->
    a = 0; route();
    if
    :: node != NONE ->
       i = 1;
       do
       :: i <= nLed ->
          if
          :: led[i].owner == u ->
             k = 0;
             do
             :: k < MAXN -> if :: HELD(k, i) -> sess[k] = sess[k] & ~(1 << i); led[i].items = 0 :: else -> skip fi; k++
             :: else -> break
             od;
             if :: led[i].revoked == -1 || led[i].wsr -> led[i].revoked = clock; led[i].wsr = 0 :: else -> skip fi
          :: else -> skip
          fi;
          i++
       :: else -> break
       od
    :: else -> skip
    fi;
    given = cl[u].cred;
    keep(u, given);
    CLEAN
  }
}

inline lose(n, fault) {
  d_step { n < nNodes && ((up >> n) & 1) && LIVE_NODES >= 2 ->
    forget(n, sess[n]); sess[n] = 0;
    if :: fault == CRASH -> up = up & ~(1 << n) :: else -> skip fi;
    markFault(fault);
    CLEAN
  }
}

inline restart(n) {
  d_step { n < nNodes && !((up >> n) & 1) -> up = up | (1 << n); CLEAN }
}

inline tick(s) {
  d_step { clock + s <= MAXCLOCK ->
    clock = clock + s;
    i = 1;
    do
    :: i <= nLed ->
       if
       :: !LIVE(i) ->
          k = 0;
          do
          :: k < MAXN -> if :: HELD(k, i) -> sess[k] = sess[k] & ~(1 << i); led[i].items = 0 :: else -> skip fi; k++
          :: else -> break
          od
       :: else -> skip
       fi;
       i++
    :: else -> break
    od;
    i = 0;
    CLEAN
  }
}

inline storeWipe() {
  d_step { true ->
    i = 1;
    do
    :: i <= nLed ->
       if
       :: LIVE(i) ->
          refused = 1; k = 0;
          do
          :: k < nNodes -> if :: ((up >> k) & 1) && HELD(k, i) -> refused = 0 :: else -> skip fi; k++
          :: else -> break
          od;
          if :: refused -> led[i].rbw = 1 :: else -> skip fi
       :: else -> skip
       fi;
       led[i].faults = led[i].faults | WIPE;
       if :: led[i].revoked != -1 -> led[i].wsr = 1 :: else -> skip fi;
       if :: led[i].loggedOut != -1 -> led[i].wslo = 1 :: else -> skip fi;
       i++
    :: else -> break
    od;
    storeUp = 1;
    CLEAN
  }
}

active proctype sticky() {
  do
  :: login(0)
  :: request(0, 0)
  :: request(0, 1)
  :: logout(0)
  :: replay(0, 0)
  :: replay(0, 1)
  :: revoke(0)
  :: login(1)
  :: request(1, 0)
  :: request(1, 1)
  :: logout(1)
  :: replay(1, 0)
  :: replay(1, 1)
  :: revoke(1)
  :: lose(0, CRASH)
  :: lose(0, DRAIN)
  :: lose(1, CRASH)
  :: lose(1, DRAIN)
  :: lose(2, CRASH)
  :: lose(2, DRAIN)
  :: restart(0)
  :: restart(1)
  :: restart(2)
  :: d_step { nNodes < MAXN -> up = up | (1 << nNodes); nNodes++; CLEAN }
  :: d_step { storeUp -> storeUp = 0; markFault(OUTAGE); CLEAN }
  :: d_step { !storeUp -> storeUp = 1; CLEAN }
  :: storeWipe()
  :: tick(60)
  :: tick(300)
  :: tick(3600)
  od
}
