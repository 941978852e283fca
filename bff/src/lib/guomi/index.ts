/** Chinese national cryptography (国密): SM3 hashing and SM2 signatures, keys as PEM. */
export { sm3 } from './sm3';
export { Sm2PrivateKey, Sm2PublicKey, generateSm2KeyPair } from './sm2-keys';
export {
  sm2Sign,
  sm2SignatureToDer,
  sm2SignatureToRaw,
  sm2Verify,
  type Sm2Options,
  type Sm2SignatureFormat,
} from './sm2';
