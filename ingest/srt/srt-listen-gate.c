/*
 * Handshake-time admission for the SRT listener (compiled in-process by bun:ffi's `cc`).
 *
 * libsrt calls the listen callback on its own receive thread, while the caller's
 * conclusion handshake waits for the answer. JavaScript must never run there (a plain
 * JSCallback is not thread-safe, and Bun's `threadsafe` callbacks cannot return a
 * value). So the decision is made here, in C, from a table the JS thread publishes:
 *
 *   JS thread:   stage(count), stage_key(...) x N, publish()  -> new immutable table
 *   srt thread:  hook(): parse stream id, look the key up, set SRTO_PASSPHRASE and
 *                SRTO_RCVLATENCY on the new socket, or srt_setrejectreason + refuse
 *   JS thread:   next_event() drains what the hook admitted and refused, for the log
 *
 * One mutex guards the table pointer and the event ring; it is held only for a
 * lookup or a copy, never while calling into libsrt, so neither thread waits on the
 * other. A table is replaced whole and freed only after the swap, so a lookup never
 * sees a half-built table. The hook never blocks on JavaScript: a slow or busy event
 * loop cannot stall libsrt's receive thread (which serves every stream on the port).
 */
/*
 * No #include: the production image (debian-slim) has libc but no libc headers, and
 * TinyCC needs none when the few libc functions used here are declared by hand. The
 * mutex lives in an opaque, over-sized, aligned buffer (pthread_mutex_t is 40 bytes on
 * x86_64 glibc, 48 on aarch64); sockaddr fields are read at their Linux offsets.
 */
typedef unsigned long size_t;
#define NULL ((void *)0)
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void free(void *pointer);
void *memcpy(void *to, const void *from, size_t size);
void *memset(void *to, int value, size_t size);
void *memchr(const void *in, int value, size_t size);
size_t strlen(const char *text);
size_t strnlen(const char *text, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t size);
char *strchr(const char *text, int value);
int snprintf(char *out, size_t size, const char *format, ...);
void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t count, size_t size, int (*compare)(const void *, const void *));
void *dlopen(const char *file, int mode);
void *dlsym(void *library, const char *name);
const char *inet_ntop(int family, const void *address, char *out, unsigned int size);
int pthread_mutex_init(void *mutex, const void *attributes);
int pthread_mutex_lock(void *mutex);
int pthread_mutex_unlock(void *mutex);
#define RTLD_NOW 2
#define AF_INET 2
#define AF_INET6 10
#define INET6_ADDRSTRLEN 46

typedef union {
  unsigned char bytes[64];
  long long align;
} mutex_storage;

struct sockaddr; /* opaque: read by offset in format_peer */

/* srt.h option numbers and access_control.h rejection codes (no headers are installed). */
#define SRTO_PASSPHRASE 26
#define SRTO_RCVLATENCY 43
#define REJX_KEY_NOTSUP 1001
#define REJX_BAD_REQUEST 1400
#define REJX_UNAUTHORIZED 1401
#define REJX_BAD_MODE 1405
#define REJX_NOTSUP_MEDIA 1415
#define REJX_ISE 1500
#define REJX_DOWN 1503

#define STREAM_ID_MAX 512 /* libsrt's own limit for SRTO_STREAMID */
#define KEY_MAX 256
#define PASSPHRASE_MAX 79
#define EVENT_RING 32
#define EVENT_ID_MAX 127

typedef int (*hook_fn)(void *opaque, int ns, int hsversion, const struct sockaddr *peer, const char *streamid);
typedef int (*setsockflag_fn)(int sock, int opt, const void *value, int len);
typedef int (*setrejectreason_fn)(int sock, int reason);
typedef int (*listen_callback_fn)(int listener, hook_fn hook, void *opaque);

static setsockflag_fn srt_setsockflag_p;
static setrejectreason_fn srt_setrejectreason_p;
static listen_callback_fn srt_listen_callback_p;

struct key_entry {
  char *key;
  char *passphrase; /* NULL: the stream is not encrypted */
  int latency_ms;
  int refuse_code; /* 0: admit */
};

struct key_table {
  int count;
  int capacity;
  struct key_entry *entries; /* sorted by key once published */
};

/* One handshake the hook answered: code 0 admitted (libsrt may still fail it, e.g. on the passphrase). */
struct handshake_event {
  int code;
  char peer[64];
  char stream_id[EVENT_ID_MAX + 1];
};

struct gate {
  mutex_storage lock;
  struct key_table *table;  /* published: read by the hook under lock */
  struct key_table *staged; /* being filled: JS thread only */
  struct handshake_event events[EVENT_RING];
  int event_next;
  int event_count;
  int events_dropped;
  int closed;
};

/* Resolves the libsrt entry points the hook needs. 0 on success. */
int tw_srt_gate_load(const char *soname) {
  void *lib = dlopen(soname, RTLD_NOW);
  if (!lib) return -1;
  srt_setsockflag_p = (setsockflag_fn)dlsym(lib, "srt_setsockflag");
  srt_setrejectreason_p = (setrejectreason_fn)dlsym(lib, "srt_setrejectreason");
  srt_listen_callback_p = (listen_callback_fn)dlsym(lib, "srt_listen_callback");
  return srt_setsockflag_p && srt_setrejectreason_p && srt_listen_callback_p ? 0 : -2;
}

static int key_char_allowed(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 1;
  return c != 0 && strchr("-_.~:/@+", c) != NULL;
}

static int take_key(const char *from, size_t len, char *key, int cap) {
  if (len == 0 || len > KEY_MAX || len >= (size_t)cap) return REJX_BAD_REQUEST;
  for (size_t i = 0; i < len; i++)
    if (!key_char_allowed(from[i])) return REJX_BAD_REQUEST;
  memcpy(key, from, len);
  key[len] = 0;
  return 0;
}

/*
 * The stream id forms we publish with: `publish:<key>`, or the SRT access-control
 * syntax `#!::r=<key>,m=publish` (keys in any order; u, h, s are accepted and ignored;
 * t must be `stream`). m defaults to `request` (play), which this listener refuses.
 * Returns 0 and copies the key, or the SRT_REJX code to refuse with.
 */
int tw_srt_parse_stream_id(const char *sid, char *key, int cap) {
  if (!key || cap <= 0) return REJX_BAD_REQUEST;
  key[0] = 0;
  if (!sid) return REJX_BAD_REQUEST;
  size_t n = strnlen(sid, STREAM_ID_MAX + 1);
  if (n == 0 || n > STREAM_ID_MAX) return REJX_BAD_REQUEST;
  if (strncmp(sid, "publish:", 8) == 0) return take_key(sid + 8, n - 8, key, cap);
  if (strncmp(sid, "#!::", 4) != 0) return REJX_BAD_REQUEST;

  const char *p = sid + 4;
  const char *end = sid + n;
  const char *resource = NULL;
  size_t resource_len = 0;
  int seen = 0, publish = 0, stream_type = 1;
  if (p == end) return REJX_BAD_REQUEST;
  while (p < end) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *item_end = comma ? comma : end;
    const char *eq = memchr(p, '=', (size_t)(item_end - p));
    if (!eq || eq == p) return REJX_BAD_REQUEST;
    if (eq - p != 1) return REJX_KEY_NOTSUP;
    const char *value = eq + 1;
    size_t value_len = (size_t)(item_end - value);
    int bit;
    switch (*p) {
    case 'r': bit = 1; break;
    case 'm': bit = 2; break;
    case 't': bit = 4; break;
    case 'u': bit = 8; break;
    case 'h': bit = 16; break;
    case 's': bit = 32; break;
    default: return REJX_KEY_NOTSUP;
    }
    if (seen & bit) return REJX_BAD_REQUEST;
    seen |= bit;
    if (*p == 'r') {
      resource = value;
      resource_len = value_len;
    } else if (*p == 'm') {
      publish = value_len == 7 && strncmp(value, "publish", 7) == 0;
    } else if (*p == 't') {
      stream_type = value_len == 6 && strncmp(value, "stream", 6) == 0;
    }
    if (comma && comma + 1 == end) return REJX_BAD_REQUEST;
    p = comma ? comma + 1 : end;
  }
  if (!publish) return REJX_BAD_MODE;
  if (!stream_type) return REJX_NOTSUP_MEDIA;
  if (!resource) return REJX_BAD_REQUEST;
  return take_key(resource, resource_len, key, cap);
}

/*
 * Not strdup: inside Bun, code compiled by `cc` may get malloc/free from a different
 * allocator than the one libc's strdup uses, and freeing across them crashes.
 */
static char *copy_string(const char *text) {
  size_t length = strlen(text);
  char *copy = malloc(length + 1);
  if (copy) memcpy(copy, text, length + 1);
  return copy;
}

static void free_table(struct key_table *table) {
  if (!table) return;
  for (int i = 0; i < table->count; i++) {
    free(table->entries[i].key);
    free(table->entries[i].passphrase);
  }
  free(table->entries);
  free(table);
}

static int compare_entries(const void *a, const void *b) {
  return strcmp(((const struct key_entry *)a)->key, ((const struct key_entry *)b)->key);
}

static const struct key_entry *find_entry(const struct key_table *table, const char *key) {
  if (!table || table->count == 0) return NULL;
  struct key_entry probe = {(char *)key, NULL, 0, 0};
  return bsearch(&probe, table->entries, (size_t)table->count, sizeof probe, compare_entries);
}

void *tw_srt_gate_create(void) {
  struct gate *g = calloc(1, sizeof *g);
  if (!g) return NULL;
  pthread_mutex_init(&g->lock, NULL);
  return g;
}

/* Starts a new table of up to `capacity` keys (replacing any unpublished one). */
int tw_srt_gate_stage(void *opaque, int capacity) {
  struct gate *g = opaque;
  free_table(g->staged);
  g->staged = calloc(1, sizeof *g->staged);
  if (!g->staged) return -1;
  g->staged->entries = calloc(capacity > 0 ? (size_t)capacity : 1, sizeof(struct key_entry));
  if (!g->staged->entries) {
    free(g->staged);
    g->staged = NULL;
    return -1;
  }
  g->staged->capacity = capacity;
  return 0;
}

int tw_srt_gate_stage_key(void *opaque, const char *key, const char *passphrase, int latency_ms, int refuse_code) {
  struct gate *g = opaque;
  struct key_table *t = g->staged;
  if (!t || t->count >= t->capacity || !key) return -1;
  if (passphrase && strlen(passphrase) > PASSPHRASE_MAX) return -1;
  struct key_entry *e = &t->entries[t->count];
  e->key = copy_string(key);
  e->passphrase = passphrase && passphrase[0] ? copy_string(passphrase) : NULL;
  if (!e->key || (passphrase && passphrase[0] && !e->passphrase)) {
    free(e->key);
    free(e->passphrase);
    return -1;
  }
  e->latency_ms = latency_ms;
  e->refuse_code = refuse_code;
  t->count++;
  return 0;
}

/* Makes the staged table the one the hook reads; the previous one is freed after the swap. */
int tw_srt_gate_publish(void *opaque) {
  struct gate *g = opaque;
  struct key_table *next = g->staged;
  if (!next) return -1;
  g->staged = NULL;
  qsort(next->entries, (size_t)next->count, sizeof(struct key_entry), compare_entries);
  pthread_mutex_lock(&g->lock);
  struct key_table *previous = g->table;
  g->table = next;
  pthread_mutex_unlock(&g->lock);
  free_table(previous);
  return 0;
}

/* `ip:port` from a sockaddr_in / sockaddr_in6: family (host order) at 0, port (big-endian) at 2. */
static void format_peer(const struct sockaddr *peer, char *out, size_t cap) {
  const unsigned char *bytes = (const unsigned char *)peer;
  char ip[INET6_ADDRSTRLEN] = "?";
  unsigned short family = peer ? *(const unsigned short *)bytes : 0;
  unsigned port = peer ? ((unsigned)bytes[2] << 8) | bytes[3] : 0;
  if (family == AF_INET) {
    snprintf(out, cap, "%u.%u.%u.%u:%u", bytes[4], bytes[5], bytes[6], bytes[7], port);
  } else if (family == AF_INET6) {
    inet_ntop(AF_INET6, bytes + 8, ip, sizeof ip);
    snprintf(out, cap, "[%s]:%u", ip, port);
  } else {
    snprintf(out, cap, "?");
  }
}

/* Called with g->lock held. A full ring counts what it drops: a flood cannot flood the log. */
static void record_event(struct gate *g, int code, const struct sockaddr *peer, const char *sid) {
  if (g->event_count == EVENT_RING) {
    g->events_dropped++;
    return;
  }
  struct handshake_event *r = &g->events[(g->event_next + g->event_count) % EVENT_RING];
  g->event_count++;
  r->code = code;
  format_peer(peer, r->peer, sizeof r->peer);
  snprintf(r->stream_id, sizeof r->stream_id, "%s", sid ? sid : "");
}

static int hook(void *opaque, int ns, int hsversion, const struct sockaddr *peer, const char *sid) {
  (void)hsversion;
  struct gate *g = opaque;
  char key[KEY_MAX + 1];
  char passphrase[PASSPHRASE_MAX + 1] = "";
  int latency_ms = -1;
  int code = tw_srt_parse_stream_id(sid, key, sizeof key);

  pthread_mutex_lock(&g->lock);
  if (g->closed) {
    code = REJX_DOWN;
  } else if (code == 0) {
    const struct key_entry *e = find_entry(g->table, key);
    if (!e) {
      code = REJX_UNAUTHORIZED;
    } else if (e->refuse_code) {
      code = e->refuse_code;
    } else {
      if (e->passphrase) snprintf(passphrase, sizeof passphrase, "%s", e->passphrase);
      latency_ms = e->latency_ms;
    }
  }
  pthread_mutex_unlock(&g->lock);

  /* Options set on the new socket here take part in the handshake being answered:
     with a passphrase, libsrt itself refuses a caller with a wrong or missing one. */
  if (code == 0 && passphrase[0] && srt_setsockflag_p(ns, SRTO_PASSPHRASE, passphrase, (int)strlen(passphrase)) != 0)
    code = REJX_ISE;
  if (code == 0 && latency_ms >= 0 && srt_setsockflag_p(ns, SRTO_RCVLATENCY, &latency_ms, sizeof latency_ms) != 0)
    code = REJX_ISE;
  memset(passphrase, 0, sizeof passphrase);
  if (code != 0) srt_setrejectreason_p(ns, code);
  pthread_mutex_lock(&g->lock);
  record_event(g, code, peer, sid);
  pthread_mutex_unlock(&g->lock);
  return code == 0 ? 0 : -1;
}

int tw_srt_gate_attach(void *opaque, int listener) {
  return srt_listen_callback_p(listener, hook, opaque);
}

/* Pops the oldest handshake event; 1 when one was copied out, 0 when none is pending. */
int tw_srt_gate_next_event(void *opaque, int *code, char *peer, int peer_cap, char *sid, int sid_cap) {
  struct gate *g = opaque;
  int got = 0;
  pthread_mutex_lock(&g->lock);
  if (g->event_count > 0 && peer_cap > 0 && sid_cap > 0) {
    struct handshake_event *r = &g->events[g->event_next];
    *code = r->code;
    snprintf(peer, (size_t)peer_cap, "%s", r->peer);
    snprintf(sid, (size_t)sid_cap, "%s", r->stream_id);
    g->event_next = (g->event_next + 1) % EVENT_RING;
    g->event_count--;
    got = 1;
  }
  pthread_mutex_unlock(&g->lock);
  return got;
}

/* Events not recorded since the last call (the ring was full). */
int tw_srt_gate_take_dropped(void *opaque) {
  struct gate *g = opaque;
  pthread_mutex_lock(&g->lock);
  int dropped = g->events_dropped;
  g->events_dropped = 0;
  pthread_mutex_unlock(&g->lock);
  return dropped;
}

/*
 * Refuses every later handshake and frees the tables. The gate itself is kept (a few
 * KB per listener for the process lifetime): libsrt offers no way to wait for a hook
 * already running on its thread, so freeing it could race with that hook.
 */
void tw_srt_gate_close(void *opaque) {
  struct gate *g = opaque;
  pthread_mutex_lock(&g->lock);
  g->closed = 1;
  struct key_table *table = g->table;
  g->table = NULL;
  pthread_mutex_unlock(&g->lock);
  free_table(table);
  free_table(g->staged);
  g->staged = NULL;
}
