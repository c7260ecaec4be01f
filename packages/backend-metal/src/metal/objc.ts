/**
 * The Objective-C runtime and the Metal framework through koffi, loaded on first use and never
 * at import time: anything can import the Metal host code on any system, and only a call that
 * needs a GPU finds out there is none (one clear error, remembered). Messages go through
 * `objc_msgSend`, declared once per C signature the host code sends (koffi calls a declared
 * prototype; on arm64 `objc_msgSend` must never be called as a variadic function). Objects are
 * opaque koffi pointers; those the host creates with `new...` it releases, and everything
 * autoreleased lives in a pool around the call that made it (`withPool`).
 */
import { type Koffi, koffi, type NativeLibrary } from '@gpuc/core/host';

declare const objcBrand: unique symbol;
declare const selBrand: unique symbol;

/** An Objective-C object (an `id`), as koffi hands it back: opaque. */
export type Id = { readonly [objcBrand]: true };
/** A selector (`SEL`). */
export type Sel = { readonly [selBrand]: true };

/** Metal's `MTLSize`, passed by value. */
export interface MTLSize {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
}

/** Where the libraries live (dyld finds them in the shared cache even where no file is). */
export const LIBRARIES = Object.freeze({
  objc: '/usr/lib/libobjc.A.dylib',
  system: '/usr/lib/libSystem.B.dylib',
  foundation: '/System/Library/Frameworks/Foundation.framework/Foundation',
  coreGraphics: '/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics',
  metal: '/System/Library/Frameworks/Metal.framework/Metal',
});

/**
 * `objc_msgSend` for each signature the host sends, named by result and arguments after the
 * receiver and selector. `void *` parameters take objects, selectors, or bytes (a typed array).
 */
export interface Messages {
  id(self: Id, sel: Sel): Id | null;
  idWithId(self: Id, sel: Sel, a: Id | null): Id | null;
  idWithString(self: Id, sel: Sel, text: string): Id | null;
  idWithU64(self: Id, sel: Sel, a: number): Id | null;
  idWithIdError(self: Id, sel: Sel, a: Id, error: [Id | null]): Id | null;
  idWithU64U64(self: Id, sel: Sel, a: number, b: number): Id | null;
  idWithBytesU64U64(self: Id, sel: Sel, bytes: Uint8Array, a: number, b: number): Id | null;
  u64(self: Id, sel: Sel): number | bigint;
  cString(self: Id, sel: Sel): string | null;
  boolWithSel(self: Id, sel: Sel, a: Sel): boolean;
  void(self: Id, sel: Sel): void;
  voidWithId(self: Id, sel: Sel, a: Id): void;
  voidWithPointerU64U64(self: Id, sel: Sel, a: Id | Uint8Array, b: number, c: number): void;
  voidWithIdU64(self: Id, sel: Sel, a: Id, b: number): void;
  voidWithU64U64(self: Id, sel: Sel, a: number, b: number): void;
  voidWithSizes(self: Id, sel: Sel, a: MTLSize, b: MTLSize): void;
  /** A message returning an `MTLSize` (`objc_msgSend_stret` on x86_64, where it comes back in memory). */
  size(self: Id, sel: Sel): MTLSize;
}

/** The runtime as the Metal host code uses it. */
export interface ObjcRuntime {
  readonly msg: Messages;
  /** A class by name; throws when there is none. */
  cls(name: string): Id;
  /** A selector by name (registered once, then cached). */
  sel(name: string): Sel;
  /** Whether an object answers a selector. */
  responds(object: Id, selector: string): boolean;
  /** An autoreleased NSString of a JS string (call inside `withPool`). */
  nsString(text: string): Id;
  /** A JS string of an NSString ('' for nil). */
  jsString(string: Id | null): string;
  /** An NSError's localized description ('' for nil). */
  errorText(error: Id | null): string;
  retain(object: Id): Id;
  release(object: Id): void;
  /** Runs `body` inside an autorelease pool, draining it after, however `body` ends. */
  withPool<T>(body: () => T): T;
  /** The memory at a pointer an object handed back (`contents`), as bytes (no copy). */
  view(pointer: Id, bytes: number): Uint8Array;
  /** A dispatch_data_t holding a copy of bytes (DISPATCH_DATA_DESTRUCTOR_DEFAULT copies). */
  dispatchData(bytes: Uint8Array): Id;
  dispatchRelease(object: Id): void;
  /** `MTLCreateSystemDefaultDevice()` (+1), nil without a GPU. */
  createSystemDefaultDevice(): Id | null;
  /** `MTLCopyAllDevices()` (+1 NSArray). */
  copyAllDevices(): Id | null;
}

/** The error every way of not having Metal starts with. */
export const NO_METAL = 'gpuc: Metal needs macOS with a Metal GPU';

/** The error for a system that is not macOS: nothing is loaded to find that out. */
export function notMacOSError(platform: string = process.platform): Error {
  return new Error(`${NO_METAL}; this is ${platform}`);
}

let loaded: ObjcRuntime | undefined;
/** Why the runtime cannot be used, once known (it is not retried). */
let unavailable: Error | undefined;

/** Whether this process has loaded the Objective-C bindings (tests check imports do not). */
export function objcLoaded(): boolean {
  return loaded !== undefined;
}

type Native = (...args: unknown[]) => unknown;

function open(name: keyof typeof LIBRARIES): NativeLibrary {
  try {
    return koffi().load(LIBRARIES[name]);
  } catch (error) {
    throw new Error(`${NO_METAL}: ${LIBRARIES[name]} could not be loaded (${(error as Error).message})`);
  }
}

/** Loads the libraries and declares every function the host calls. */
function load(): ObjcRuntime {
  if (process.platform !== 'darwin') throw notMacOSError();
  const objc = open('objc');
  const system = open('system');
  open('foundation');
  // Command-line processes on some Macs get no default device unless CoreGraphics is loaded.
  open('coreGraphics');
  const metal = open('metal');
  const fn = (library: NativeLibrary, name: string, result: Koffi.TypeSpec, params: Koffi.TypeSpec[]) =>
    library.func(name, result, params) as Native;
  const P = 'void *';
  const U = 'uint64_t';
  const ffi = koffi();
  const sizeType = ffi.struct({ width: U, height: U, depth: U });
  const send = (result: Koffi.TypeSpec, params: Koffi.TypeSpec[]) =>
    fn(objc, 'objc_msgSend', result, [P, P, ...params]);
  const msg = {
    id: send(P, []),
    idWithId: send(P, [P]),
    idWithString: send(P, ['const char *']),
    idWithU64: send(P, [U]),
    idWithIdError: send(P, [P, ffi.out(ffi.pointer(P))]),
    idWithU64U64: send(P, [U, U]),
    idWithBytesU64U64: send(P, [P, U, U]),
    u64: send(U, []),
    cString: send('const char *', []),
    boolWithSel: (() => {
      // BOOL is a signed char on x86_64 and a bool on arm64: read the byte either way.
      const f = send('uint8_t', [P]);
      return (...args: unknown[]) => f(...args) !== 0;
    })(),
    void: send('void', []),
    voidWithId: send('void', [P]),
    voidWithPointerU64U64: send('void', [P, U, U]),
    voidWithIdU64: send('void', [P, U]),
    voidWithU64U64: send('void', [U, U]),
    voidWithSizes: send('void', [sizeType, sizeType]),
    size: fn(objc, process.arch === 'x64' ? 'objc_msgSend_stret' : 'objc_msgSend', sizeType, [P, P]),
  } as unknown as Messages;
  const getClass = fn(objc, 'objc_getClass', P, ['const char *']);
  const registerName = fn(objc, 'sel_registerName', P, ['const char *']);
  const poolPush = fn(objc, 'objc_autoreleasePoolPush', P, []);
  const poolPop = fn(objc, 'objc_autoreleasePoolPop', 'void', [P]);
  const dataCreate = fn(system, 'dispatch_data_create', P, [P, 'size_t', P, P]);
  const dispatchRelease = fn(system, 'dispatch_release', 'void', [P]);
  const createDevice = fn(metal, 'MTLCreateSystemDefaultDevice', P, []);
  const copyDevices = fn(metal, 'MTLCopyAllDevices', P, []);

  const selectors = new Map<string, Sel>();
  const sel = (name: string): Sel => {
    let found = selectors.get(name);
    if (!found) {
      found = registerName(name) as Sel;
      selectors.set(name, found);
    }
    return found;
  };
  const jsString = (string: Id | null) => (string ? (msg.cString(string, sel('UTF8String')) ?? '') : '');
  return {
    msg,
    cls(name) {
      const found = getClass(name) as Id | null;
      if (!found) throw new Error(`gpuc: the Objective-C runtime has no class ${name}`);
      return found;
    },
    sel,
    responds: (object, selector) => msg.boolWithSel(object, sel('respondsToSelector:'), sel(selector)),
    nsString(text) {
      const string = msg.idWithString(getClass('NSString') as Id, sel('stringWithUTF8String:'), text);
      if (!string) throw new Error('gpuc: NSString could not hold a string');
      return string;
    },
    jsString,
    errorText: (error) => (error ? jsString(msg.id(error, sel('localizedDescription'))) : ''),
    retain: (object) => msg.id(object, sel('retain')) as Id,
    release(object) {
      msg.void(object, sel('release'));
    },
    withPool<T>(body: () => T): T {
      const pool = poolPush();
      try {
        return body();
      } finally {
        poolPop(pool);
      }
    },
    view: (pointer, bytes) => (bytes === 0 ? new Uint8Array(0) : new Uint8Array(ffi.view(pointer, bytes))),
    dispatchData(bytes) {
      const data = dataCreate(bytes, bytes.length, null, null) as Id | null;
      if (!data) throw new Error('gpuc: dispatch_data_create failed');
      return data;
    },
    dispatchRelease(object) {
      dispatchRelease(object);
    },
    createSystemDefaultDevice: () => createDevice() as Id | null,
    copyAllDevices: () => copyDevices() as Id | null,
  };
}

/**
 * The Objective-C runtime and Metal, loaded on first use; off macOS (or where the libraries
 * cannot be loaded) a clear error, the same every time.
 */
export function objc(): ObjcRuntime {
  if (loaded) return loaded;
  if (unavailable) throw unavailable;
  try {
    loaded = load();
    return loaded;
  } catch (error) {
    unavailable = error as Error;
    throw error;
  }
}
