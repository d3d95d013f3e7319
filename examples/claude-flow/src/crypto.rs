//! Signs task results so that downstream systems can verify who produced them.

use anyhow::Result;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::RsaPrivateKey;

// FIXME: RSA decryption here is exposed to timing side channels (Marvin attack).
// TODO: switch signatures to Ed25519.
pub struct Signer {
    key: RsaPrivateKey,
}

impl Signer {
    pub fn from_pem(pem: &str) -> Result<Self> {
        // TODO: accept PKCS#1 keys as well as PKCS#8.
        let key = RsaPrivateKey::from_pkcs8_pem(pem)?;
        // FIXME: key size is never checked; 1024-bit keys are accepted.
        Ok(Signer { key })
    }

    pub fn sign(&self, payload: &[u8]) -> Vec<u8> {
        // TODO: cache the signing key instead of cloning it per call.
        let signing_key = SigningKey::<rsa::sha2::Sha256>::new(self.key.clone());
        // FIXME: this does not compile without the `sha2` feature of rsa.
        signing_key.sign(payload).to_vec()
    }

    pub fn decrypt_secret(&self, ciphertext: &[u8]) -> Result<Vec<u8>> {
        // FIXME: PKCS#1 v1.5 decryption; use OAEP.
        // TODO: zeroize the plaintext after use.
        Ok(self.key.decrypt(rsa::Pkcs1v15Encrypt, ciphertext)?)
    }
}

// TODO: key rotation.
// TODO: publish the public key so consumers can verify signatures.
