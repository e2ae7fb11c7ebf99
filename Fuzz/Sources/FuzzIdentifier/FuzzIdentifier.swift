import FuzzSupport
@testable import Domain

// Identifiers (SPEC X4): Identifier.parse with and without a kind, UnifiedSocialCreditCode,
// ResidentIdentityNumber, the error messages, and the masks applied to what they accept.
//
// The first byte moves "today" (the future-birth-date rule) over a century; the rest is the text.
// Properties: nothing crashes; a valid identifier's canonical value is 18 upper-case ASCII
// characters and parses again to the same identifier; `parse` picks the kind as documented (the
// only valid one, and a resident ID when both are valid); a resident ID's public text never
// shows its birth date; every error has a message.

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer, _ argv: UnsafeMutableRawPointer) -> CInt {
    writeSeedsIfAsked {
        let texts = [
            "914403001922038216", "91330100716105852F", "91310000132260250X", "91110000MA01N9JK2F",
            "11010519491231002X", "11010519491231002x", "  310107199003071239\n", "440524200002290010",
            "９１３１００００ＭＡ１ＦＬ８Ｘ９１Ｈ", "91350203M0001QKT19", "110105194912310021", "110105202612310028",
            "11010518991231002X", "310107199002301234", "A1010519491231002X", "1101051949123100",
            "913201911348723659", "ß91310000132260250", "9131000013226025\r\n0X",
        ]
        return texts.enumerated().map { ("text-\($0.offset)", [100] + Array($0.element.utf8)) }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIdentifier(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let today = CivilDate(year: 1950, month: 1, day: 1)!.adding(days: Int(data[0]) * 146)
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)

    let resident = Result { () throws(IdentifierError) in try ResidentIdentityNumber(text, today: today) }
    let uscc = Result { () throws(IdentifierError) in try UnifiedSocialCreditCode(text) }
    let parsed = Result { () throws(IdentifierError) in try Identifier.parse(text, today: today) }

    switch (resident, uscc, parsed) {
    case (.success(let number), _, .success(let identifier)):
        require(identifier == .residentID(number), "a valid resident ID was not taken for one")
    case (.failure, .success(let code), .success(let identifier)):
        require(identifier == .uscc(code), "a valid USCC was not taken for one")
    case (.failure, .failure, .failure(let error)):
        require(!error.description.isEmpty, "an error without a message")
    default:
        fatalError("parse disagrees with the two validators: \(resident) \(uscc) \(parsed)")
    }

    if case .success(let number) = resident {
        checkCanonical(number.value)
        require((try? ResidentIdentityNumber(number.value, today: today)) == number, "resident ID does not re-parse")
        require(number.birthDate <= today && number.birthDate >= ResidentIdentityNumber.earliestBirthDate, "birth date outside the rules")
        require(!number.masked.contains(String(number.value.dropFirst(6).prefix(8))), "masked resident ID shows the birth date")
        require(number.masked.count == 18 && number.description == number.masked, "mask changed the length or description leaks")
        require(ResidentIdentityNumber.checkCharacter(for: String(number.value.prefix(17))) == number.value.last, "check character")
        require(Identifier.residentID(number).publicText == number.masked, "public text is not the mask")
    } else if case .failure(let error) = resident {
        require(!error.description.isEmpty, "an error without a message")
    }
    if case .success(let code) = uscc {
        checkCanonical(code.value)
        require((try? UnifiedSocialCreditCode(code.value)) == code, "USCC does not re-parse")
        require(UnifiedSocialCreditCode.checkCharacter(for: String(code.value.prefix(17))) == code.checkCharacter, "check character")
        require(code.registrationRegionCode.count == 6 && code.subjectIdentifier.count == 9, "USCC parts")
    } else if case .failure(let error) = uscc {
        require(!error.description.isEmpty, "an error without a message")
    }

    for kind in [IdentifierKind.uscc, .residentID] {
        if let identifier = try? Identifier.parse(text, as: kind, today: today) {
            require(identifier.kind == kind, "parse(as:) gave another kind")
        }
    }
    _ = Identifier.check(text, today: today)
    // The masks take any text (names and numbers typed by hand).
    _ = PersonalDataMask.maskIdentityNumber(text)
    _ = PersonalDataMask.maskName(text)
    return 0
}

/// 18 characters of 0–9 and A–Z, nothing else.
private func checkCanonical(_ value: String) {
    require(value.utf8.count == 18 && value.count == 18, "canonical value is not 18 ASCII characters: \(value.debugDescription)")
    require(value.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }, "canonical value has other characters")
}

/// The entry point SwiftPM links `main` to (CFuzzDriver.h): libFuzzer's driver on this target.
@_cdecl("FuzzIdentifier_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { data, size in data.map { fuzzIdentifier($0, size) } ?? 0 }
}
