import Vapor

/// `Content-Disposition: attachment` built so no input can break out of the header (issue 12
/// item 1): the file name keeps only ASCII letters, digits, `.`, `-` and `_`; anything else becomes
/// `_`. Our download names are all of that form, so a name that needed replacing was never ours.
enum AttachmentHeader {
    static func value(filename: String) -> String {
        let safe = String(filename.prefix(120).map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character)) ? character : "_"
        })
        return "attachment; filename=\"\(safe.isEmpty ? "download" : safe)\""
    }
}

extension HTTPHeaders {
    mutating func setAttachment(filename: String) {
        replaceOrAdd(name: .contentDisposition, value: AttachmentHeader.value(filename: filename))
    }
}
