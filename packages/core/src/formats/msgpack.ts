import { Decoder, type ExtensionCodecType } from '@msgpack/msgpack';
import { AssayError } from '../errors.js';

/**
 * A MessagePack value as decoded here: maps as plain objects (string or number keys), bin as bytes,
 * integers as numbers (exact up to 2^53), floats as numbers. Extension types are refused.
 */
export type MsgpackValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | MsgpackValue[]
  | { [key: string]: MsgpackValue };

/** No extension type is read: a value a reader would take for a map or bytes is refused instead. */
const NO_EXTENSIONS: ExtensionCodecType<undefined> = {
  tryToEncode: () => null,
  decode: (_data, type) => {
    throw new Error(`extension type ${type}`);
  },
};

/**
 * Decodes one MessagePack value from `bytes`, which must hold it exactly (@msgpack/msgpack: every length
 * checked against the bytes left, nesting kept on its own stack; an array or map may not claim more
 * elements than there are bytes). A truncated or corrupt file is INVALID_INPUT naming `file`.
 */
export function decodeMsgpack(bytes: Uint8Array, file: string): MsgpackValue {
  const most = bytes.length;
  const decoder = new Decoder({
    extensionCodec: NO_EXTENSIONS,
    maxStrLength: most,
    maxBinLength: most,
    maxArrayLength: most,
    maxMapLength: most,
    maxExtLength: most,
  });
  try {
    return decoder.decode(bytes) as MsgpackValue;
  } catch (error) {
    throw new AssayError(
      'INVALID_INPUT',
      `${file} cannot be read as MessagePack: ${(error as Error).message}.`,
      { hint: 'The file may be truncated or not what its name says; write it again.' },
    );
  }
}
