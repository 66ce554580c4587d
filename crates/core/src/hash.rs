//! A short content hash for cache-busting URLs: FNV-1a, 64 bits, in hex. Not
//! cryptographic; it only has to change when the bytes change.

pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_and_sensitive() {
        assert_eq!(super::content_hash(b""), "cbf29ce484222325");
        assert_ne!(super::content_hash(b"a"), super::content_hash(b"b"));
        assert_eq!(super::content_hash(b"post").len(), 16);
    }
}
