// The little of protobuf's wire format a transaction needs: varints and length-delimited
// fields, written in field order and read back field by field.

import { concat, utf8 } from './bytes.js';

const VARINT = 0;
const LENGTH_DELIMITED = 2;

/** The varint of a non-negative integer (number or BigInt). */
export function varint(value) {
  let n = BigInt(value);
  if (n < 0n) throw new RangeError('a varint is not negative');
  const out = [];
  do {
    let byte = Number(n & 0x7fn);
    n >>= 7n;
    if (n > 0n) byte |= 0x80;
    out.push(byte);
  } while (n > 0n);
  return Uint8Array.from(out);
}

/** Field `number` holding `bytes` (or a string, as UTF-8); empty values are left out, as proto3 does. */
export function bytesField(number, value) {
  const bytes = typeof value === 'string' ? utf8(value) : value;
  if (bytes.length === 0) return new Uint8Array(0);
  return concat(varint((number << 3) | LENGTH_DELIMITED), varint(bytes.length), bytes);
}

/** Field `number` holding an unsigned integer; zero is left out, as proto3 does. */
export function uintField(number, value) {
  if (BigInt(value) === 0n) return new Uint8Array(0);
  return concat(varint((number << 3) | VARINT), varint(value));
}

/**
 * The fields of a message as `[number, value]` in wire order: a BigInt for varints, the
 * bytes for length-delimited fields. Other wire types (fixed-width, groups) are refused:
 * no message a page reads has them.
 */
export function fields(bytes) {
  const out = [];
  let at = 0;
  const readVarint = () => {
    let n = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= bytes.length) throw new RangeError('a varint runs past the end');
      if (shift > 63n) throw new RangeError('a varint longer than 64 bits');
      const byte = bytes[at];
      at += 1;
      n |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return n;
    }
  };
  while (at < bytes.length) {
    const key = readVarint();
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === VARINT) {
      out.push([number, readVarint()]);
    } else if (wire === LENGTH_DELIMITED) {
      const length = Number(readVarint());
      if (at + length > bytes.length) throw new RangeError('a field runs past the end');
      out.push([number, bytes.subarray(at, at + length)]);
      at += length;
    } else {
      throw new RangeError(`wire type ${wire} of field ${number} is not read here`);
    }
  }
  return out;
}

/** Every value of field `number`. */
export function all(parsed, number) {
  return parsed.filter(([n]) => n === number).map(([, v]) => v);
}

/** The last value of field `number` (protobuf's rule for a repeated scalar), or `fallback`. */
export function one(parsed, number, fallback) {
  const values = all(parsed, number);
  return values.length === 0 ? fallback : values[values.length - 1];
}

/** UTF-8 text of bytes. */
export function text(bytes) {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
