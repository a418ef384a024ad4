import { dlopen, type Library } from 'bun:ffi';

/**
 * libsrt 1.5 through bun:ffi: the C API functions SRT ingest calls from the JS thread.
 * Debian ships the same ABI built against OpenSSL or GnuTLS; either does AES.
 */
export const LIBSRT_SONAMES = ['libsrt.so.1.5', 'libsrt-gnutls.so.1.5'] as const;

const symbols = {
  srt_startup: { args: [], returns: 'int' },
  srt_cleanup: { args: [], returns: 'int' },
  srt_create_socket: { args: [], returns: 'int' },
  srt_bind: { args: ['int', 'ptr', 'int'], returns: 'int' },
  srt_listen: { args: ['int', 'int'], returns: 'int' },
  srt_accept: { args: ['int', 'ptr', 'ptr'], returns: 'int' },
  srt_connect: { args: ['int', 'ptr', 'int'], returns: 'int' },
  srt_close: { args: ['int'], returns: 'int' },
  srt_getsockname: { args: ['int', 'ptr', 'ptr'], returns: 'int' },
  srt_getsockstate: { args: ['int'], returns: 'int' },
  srt_setsockflag: { args: ['int', 'int', 'ptr', 'int'], returns: 'int' },
  srt_getsockflag: { args: ['int', 'int', 'ptr', 'ptr'], returns: 'int' },
  srt_recvmsg: { args: ['int', 'ptr', 'int'], returns: 'int' },
  srt_bistats: { args: ['int', 'ptr', 'int', 'int'], returns: 'int' },
  srt_getrejectreason: { args: ['int'], returns: 'int' },
  srt_rejectreason_str: { args: ['int'], returns: 'cstring' },
  srt_getlasterror: { args: ['ptr'], returns: 'int' },
  srt_getlasterror_str: { args: [], returns: 'cstring' },
  srt_epoll_create: { args: [], returns: 'int' },
  srt_epoll_add_usock: { args: ['int', 'int', 'ptr'], returns: 'int' },
  srt_epoll_update_usock: { args: ['int', 'int', 'ptr'], returns: 'int' },
  srt_epoll_remove_usock: { args: ['int', 'int'], returns: 'int' },
  srt_epoll_uwait: { args: ['int', 'ptr', 'int', 'i64'], returns: 'int' },
  srt_epoll_release: { args: ['int'], returns: 'int' },
  srt_setloglevel: { args: ['int'], returns: 'void' },
} as const;

/**
 * syslog's LOG_CRIT. libsrt logs warnings to stderr by default, one line per refused
 * handshake or stray packet: a flood would flood stderr past our own logger. Every
 * failure that matters comes back through return codes and is logged by us instead.
 */
const LIBSRT_LOG_LEVEL = 2;

type LibSrt = Library<typeof symbols>['symbols'];

let loaded: { soname: string; srt: LibSrt } | undefined;

/** Loads libsrt once per process; throws a clear error when it is not installed. */
export function libsrt(): LibSrt {
  return loadLibsrt().srt;
}

/** The soname that loaded, for code (the handshake shim) that must bind the same library. */
export function libsrtSoname(): string {
  return loadLibsrt().soname;
}

function loadLibsrt(): { soname: string; srt: LibSrt } {
  if (loaded) return loaded;
  const failures: string[] = [];
  for (const soname of LIBSRT_SONAMES) {
    try {
      loaded = { soname, srt: dlopen(soname, symbols).symbols };
      loaded.srt.srt_setloglevel(LIBSRT_LOG_LEVEL);
      return loaded;
    } catch (error) {
      failures.push(`${soname}: ${(error as Error).message}`);
    }
  }
  throw new Error(`libsrt 1.5 is not installed (apt-get install libsrt1.5-openssl): ${failures.join('; ')}`);
}

export interface SrtError {
  code: number;
  message: string;
}

/** The calling thread's last libsrt error (thread-local in libsrt: read it right after the failing call). */
export function lastSrtError(): SrtError {
  const srt = libsrt();
  return { code: srt.srt_getlasterror(null), message: String(srt.srt_getlasterror_str()) };
}
