import Domain
import Testing

// Issue 4 item 3: the declared MIME type is checked against the content's magic bytes. SPEC R4:
// text records take scanned paper (PDF, JPEG, PNG); SPEC R1, R7: media records take photos, audio
// and video. Every sample is the real leading bytes of its format, built here.

private func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

/// An ISO base media `ftyp` box: size, `ftyp`, major brand, minor version, compatible brands.
private func ftyp(_ major: String, _ compatible: [String], minor: [UInt8] = [0, 0, 0, 0]) -> [UInt8] {
    let size = 16 + 4 * compatible.count
    return [0, 0, 0, UInt8(size)] + ascii("ftyp") + ascii(major) + minor + compatible.flatMap(ascii)
        + [0, 0, 0, 8] + ascii("free")
}

/// A RIFF header with its form type, then the first chunk's id.
private func riff(_ form: String, _ chunk: String, magic: String = "RIFF") -> [UInt8] {
    ascii(magic) + [0x24, 0x08, 0x00, 0x00] + ascii(form) + ascii(chunk) + [0x10, 0, 0, 0]
}

/// An EBML header as mkvmerge and browsers write it, with the given DocType.
private func ebml(docType: String) -> [UInt8] {
    [0x1A, 0x45, 0xDF, 0xA3, 0xA3,
     0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08,
     0x42, 0x82, 0x80 | UInt8(docType.utf8.count)] + ascii(docType)
        + [0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02, 0x18, 0x53, 0x80, 0x67]
}

private let jpegBytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + ascii("JFIF") + [0x00, 0x01, 0x01, 0x00, 0x00, 0x01]
private let exifJPEGBytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x1C, 0x45] + ascii("Exif") + [0x00, 0x00, 0x4D, 0x4D]
private let pngBytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + ascii("IHDR")
private let pdfBytes: [UInt8] = ascii("%PDF-1.7\n%") + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A] + ascii("1 0 obj\n")
private let mp4Bytes = ftyp("isom", ["isom", "iso2", "avc1", "mp41"], minor: [0, 0, 2, 0])

struct MediaSample: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let format: MediaFormat
    var testDescription: String { name }
}

let mediaSamples: [MediaSample] = [
    MediaSample(name: "JPEG/JFIF", bytes: jpegBytes, format: .jpeg),
    MediaSample(name: "JPEG/Exif (camera)", bytes: exifJPEGBytes, format: .jpeg),
    MediaSample(name: "PNG", bytes: pngBytes, format: .png),
    MediaSample(name: "WebP", bytes: riff("WEBP", "VP8 "), format: .webp),
    MediaSample(name: "HEIC (iPhone)", bytes: ftyp("heic", ["mif1", "heic"]), format: .heic),
    MediaSample(name: "HEIC heix", bytes: ftyp("heix", ["mif1", "heix"]), format: .heic),
    MediaSample(name: "HEIF mif1 + heic", bytes: ftyp("mif1", ["mif1", "heic", "miaf"]), format: .heic),
    MediaSample(name: "HEIF mif1 alone", bytes: ftyp("mif1", ["mif1", "miaf"]), format: .heif),
    MediaSample(name: "AVIF", bytes: ftyp("avif", ["avif", "mif1", "miaf"]), format: .avif),
    MediaSample(name: "AVIF under mif1", bytes: ftyp("mif1", ["avif", "mif1"]), format: .avif),
    MediaSample(name: "PDF", bytes: pdfBytes, format: .pdf),
    MediaSample(name: "MP4 isom", bytes: mp4Bytes, format: .mp4),
    MediaSample(name: "MP4 mp42 (body camera)", bytes: ftyp("mp42", ["isom", "mp42"]), format: .mp4),
    MediaSample(name: "MP4 avc1", bytes: ftyp("avc1", ["isom", "avc1"]), format: .mp4),
    MediaSample(name: "MP4 iso2", bytes: ftyp("iso2", ["iso2", "mp41"]), format: .mp4),
    MediaSample(name: "MP4 under a vendor brand", bytes: ftyp("XYZA", ["isom", "mp42"]), format: .mp4),
    MediaSample(name: "M4V", bytes: ftyp("M4V ", ["M4V ", "M4A ", "mp42", "isom"]), format: .m4v),
    MediaSample(name: "MOV", bytes: ftyp("qt  ", ["qt  "], minor: [0x20, 0x05, 0x03, 0x00]), format: .quickTime),
    MediaSample(name: "3GP", bytes: ftyp("3gp4", ["isom", "3gp4"]), format: .threeGPP),
    MediaSample(name: "3GP 3gp5", bytes: ftyp("3gp5", ["3gp5", "isom"]), format: .threeGPP),
    MediaSample(name: "3G2", bytes: ftyp("3g2a", ["3g2a"]), format: .threeGPP2),
    MediaSample(name: "M4A", bytes: ftyp("M4A ", ["M4A ", "mp42", "isom"]), format: .m4a),
    MediaSample(name: "MP3 ID3v2.3", bytes: ascii("ID3") + [0x03, 0x00, 0x00, 0x00, 0x00, 0x1F, 0x76] + ascii("TIT2"), format: .mp3),
    MediaSample(name: "MP3 ID3v2.4", bytes: ascii("ID3") + [0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x23], format: .mp3),
    MediaSample(name: "MP3 frame (MPEG-1 Layer III)", bytes: [0xFF, 0xFB, 0x90, 0x64, 0x00, 0x00, 0x00, 0x00], format: .mp3),
    MediaSample(name: "MP3 frame (MPEG-2 Layer III)", bytes: [0xFF, 0xF3, 0x64, 0xC4, 0x00, 0x00], format: .mp3),
    MediaSample(name: "AAC ADTS", bytes: [0xFF, 0xF1, 0x50, 0x80, 0x02, 0x1F, 0xFC], format: .aac),
    MediaSample(name: "WAV", bytes: riff("WAVE", "fmt "), format: .wav),
    MediaSample(name: "WAV RF64", bytes: riff("WAVE", "ds64", magic: "RF64"), format: .wav),
    MediaSample(name: "AVI", bytes: riff("AVI ", "LIST"), format: .avi),
    MediaSample(name: "Matroska", bytes: ebml(docType: "matroska"), format: .matroska),
    MediaSample(name: "WebM", bytes: ebml(docType: "webm"), format: .webm),
    MediaSample(name: "AMR", bytes: ascii("#!AMR\n") + [0x3C, 0x48, 0xF5, 0x1F], format: .amr),
    MediaSample(name: "AMR-WB", bytes: ascii("#!AMR-WB\n") + [0x24, 0x00], format: .amrWideband),
]

@Suite struct MediaSnifferTests {
    @Test(arguments: mediaSamples)
    func detectsEachFormatFromItsFirstBytes(_ sample: MediaSample) throws {
        #expect(sample.bytes.count <= MediaSniffer.requiredPrefixLength)

        let detected = try #require(MediaSniffer.detect(sample.bytes))

        #expect(detected.format == sample.format)
        #expect(detected.mime == sample.format.mime)
        #expect(detected.kind == sample.format.kind)
        // A longer prefix (the usual case) decides the same; so does the declared canonical type.
        #expect(MediaSniffer.detect(sample.bytes + [UInt8](repeating: 0x5A, count: 4000))?.format == sample.format)
        #expect(MediaSniffer.check(declared: sample.format.mime, prefix: sample.bytes) == .success(detected))
    }

    @Test func everyFormatHasASample() {
        #expect(Set(mediaSamples.map(\.format)) == Set(MediaFormat.allCases))
    }

    @Test func kindsAndMIMETypes() {
        #expect(MediaSniffer.requiredPrefixLength == 64)
        #expect(MediaFormat.pdf.chineseName == "PDF 文档")
        #expect(MediaFormat.quickTime.mime == "video/quicktime")
        #expect(MediaFormat.wav.mime == "audio/wav")
    }

    @Test func unknownOrTooShortContentIsNotDetected() {
        let notMedia: [[UInt8]] = [
            [],
            [0xFF, 0xD8],                                      // a JPEG cut before its third byte
            ascii("hello, world\n"),
            ascii("PK") + [0x03, 0x04, 0x14, 0x00],           // a ZIP (or .docx)
            ascii("GIF89a") + [0x01, 0x00],                   // GIF: not taken
            riff("CDXA", "fmt "),                              // RIFF of another kind
            ftyp("crx ", ["crx "]),                            // ISO media with no brand of ours
            [0x00, 0x00, 0x00, 0x0C] + ascii("jP  ") + [0x0D, 0x0A, 0x87, 0x0A], // JPEG 2000
            [0xFF, 0xFB, 0xF0, 0x00],                          // MPEG sync with bit-rate index 15
            [0xFF, 0xEB, 0x90, 0x00],                          // MPEG sync with reserved version 01
            [0xFF, 0xF1, 0x3C, 0x00],                          // ADTS with a reserved sampling index (15)
            ascii("ID3") + [0x09, 0x00],                       // no such ID3 version
            ebml(docType: "vorbisfile"),                       // EBML, but not Matroska
        ]
        for bytes in notMedia {
            #expect(MediaSniffer.detect(bytes) == nil, "\(bytes.prefix(8))")
        }
    }

    @Test func ebmlWithoutADocTypeInThePrefixIsTakenAsMatroska() {
        #expect(MediaSniffer.detectFormat([0x1A, 0x45, 0xDF, 0xA3, 0x01, 0x00, 0x00, 0x00]) == .matroska)
    }

    @Test func aDeclaredTypeThatDisagreesWithTheContentIsRefused() {
        let result = MediaSniffer.check(declared: "video/mp4", prefix: pdfBytes)

        #expect(result == .failure(.declaredTypeMismatch(declared: "video/mp4", detected: DetectedMedia(format: .pdf))))
        if case .failure(let error) = result {
            #expect(error.message == "声明的类型 video/mp4 与文件内容（PDF 文档）不符")
        }
        #expect(MediaSniffer.check(declared: "image/png", prefix: jpegBytes)
            == .failure(.declaredTypeMismatch(declared: "image/png", detected: DetectedMedia(format: .jpeg))))
        #expect(MediaSniffer.check(declared: "audio/mpeg", prefix: riff("WAVE", "fmt ")).isFailure)
        #expect(MediaSniffer.check(declared: "image/jpeg", prefix: mp4Bytes).isFailure)
    }

    @Test func unknownContentIsRefusedWhateverIsDeclared() {
        let result = MediaSniffer.check(declared: "Video/MP4; codecs=\"avc1\"", prefix: ascii("<html>"))

        #expect(result == .failure(.unrecognizedContent(declared: "video/mp4")))
        if case .failure(let error) = result {
            #expect(error.message.hasPrefix("无法识别文件内容的格式（声明的类型为 video/mp4），不予接收；可接收的格式：JPEG、PNG"))
        }
    }

    @Test func aliasesOfTheSameFormatAreAccepted() {
        let accepted: [(String, [UInt8], String)] = [
            ("image/jpg", jpegBytes, "image/jpeg"),
            ("image/pjpeg", exifJPEGBytes, "image/jpeg"),
            ("IMAGE/JPEG; charset=binary", jpegBytes, "image/jpeg"),
            ("image/x-png", pngBytes, "image/png"),
            ("image/heif", ftyp("heic", ["mif1", "heic"]), "image/heic"),
            ("application/x-pdf", pdfBytes, "application/pdf"),
            ("video/mp4", ftyp("qt  ", ["qt  "]), "video/quicktime"),
            ("video/x-m4v", mp4Bytes, "video/mp4"),
            ("video/mp4", ftyp("M4V ", ["M4V ", "isom"]), "video/x-m4v"),
            ("audio/x-m4a", ftyp("M4A ", ["M4A ", "isom"]), "audio/mp4"),
            ("audio/mp3", [0xFF, 0xFB, 0x90, 0x64], "audio/mpeg"),
            ("audio/x-wav", riff("WAVE", "fmt "), "audio/wav"),
            ("audio/wave", riff("WAVE", "fmt "), "audio/wav"),
            ("video/avi", riff("AVI ", "LIST"), "video/x-msvideo"),
            ("video/x-matroska", ebml(docType: "webm"), "video/webm"),
        ]
        for (declared, bytes, mime) in accepted {
            let result = MediaSniffer.check(declared: declared, prefix: bytes)
            #expect(result.success?.mime == mime, "\(declared)")
        }
    }

    @Test func quickTimeIsNotAnAliasOfMP4() {
        #expect(MediaSniffer.check(declared: "video/quicktime", prefix: mp4Bytes)
            == .failure(.declaredTypeMismatch(declared: "video/quicktime", detected: DetectedMedia(format: .mp4))))
    }

    @Test func aVideoContainerDeclaredAsAudioIsAnAudioRecord() {
        let m4a = MediaSniffer.check(declared: "audio/mp4", prefix: ftyp("mp42", ["isom", "mp42"]))
        let threeGP = MediaSniffer.check(declared: "audio/3gpp", prefix: ftyp("3gp4", ["isom", "3gp4"]))

        #expect(m4a == .success(DetectedMedia(format: .mp4, mime: "audio/mp4", kind: .audio)))
        #expect(threeGP == .success(DetectedMedia(format: .threeGPP, mime: "audio/3gpp", kind: .audio)))
        #expect(m4a.success?.chineseName == "MP4 音频")
    }

    @Test func anUndeclaredTypeTakesTheDetectedOne() {
        #expect(MediaSniffer.check(declared: "application/octet-stream", prefix: mp4Bytes)
            == .success(DetectedMedia(format: .mp4)))
        #expect(MediaSniffer.check(declared: "", prefix: pdfBytes) == .success(DetectedMedia(format: .pdf)))
    }

    @Test func textRecordsTakeOnlyScans() {
        let pdf = MediaSniffer.check(declared: "application/pdf", prefix: pdfBytes, for: .text)
        let jpeg = MediaSniffer.check(declared: "image/jpeg", prefix: jpegBytes, for: .text)
        let png = MediaSniffer.check(declared: "image/png", prefix: pngBytes, for: .text)
        let video = MediaSniffer.check(declared: "video/mp4", prefix: mp4Bytes, for: .text)
        let heic = MediaSniffer.check(declared: "image/heic", prefix: ftyp("heic", ["mif1", "heic"]), for: .text)

        #expect(pdf == .success(DetectedMedia(format: .pdf, mime: "application/pdf", kind: nil)))
        #expect(jpeg == .success(DetectedMedia(format: .jpeg, mime: "image/jpeg", kind: nil)))
        #expect(jpeg.success?.isDocument == true)
        #expect(jpeg.success?.chineseName == "JPEG 扫描件")
        #expect(png.success?.isDocument == true)
        #expect(video == .failure(.notAllowedForRecord(detected: DetectedMedia(format: .mp4), form: .text)))
        #expect(heic.isFailure)
        if case .failure(let error) = video {
            #expect(error.message == "文字记录只接受纸质文书扫描件（PDF、JPEG、PNG），该文件为 MP4 视频")
        }
    }

    @Test func mediaRecordsTakePhotosAudioAndVideoButNotDocuments() {
        let pdf = MediaSniffer.check(declared: "application/pdf", prefix: pdfBytes, for: .media)

        #expect(pdf == .failure(.notAllowedForRecord(detected: DetectedMedia(format: .pdf), form: .media)))
        if case .failure(let error) = pdf {
            #expect(error.message == "音像记录只接受照片、音频和视音频，该文件为 PDF 文档")
        }
        for sample in mediaSamples where sample.format != .pdf {
            let result = MediaSniffer.check(declared: sample.format.mime, prefix: sample.bytes, for: .media)
            #expect(result.success?.kind == sample.format.kind, "\(sample.name)")
        }
        #expect(MediaSniffer.check(declared: "image/jpeg", prefix: jpegBytes, for: .media).success?.kind == .photo)
    }

    @Test func aMismatchIsReportedBeforeTheRecordForm() {
        #expect(MediaSniffer.check(declared: "image/jpeg", prefix: pdfBytes, for: .media)
            == .failure(.declaredTypeMismatch(declared: "image/jpeg", detected: DetectedMedia(format: .pdf))))
    }
}

private extension Result {
    var success: Success? { if case .success(let value) = self { value } else { nil } }
    var isFailure: Bool { if case .failure = self { true } else { false } }
}
