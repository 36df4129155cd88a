// Package preview is Slidereel's one renderer: it draws the project at
// frame n into a buffer of any size. The live preview calls it small
// (Draft), the export calls it at full size for every frame (Final); there
// is no second implementation of Ken Burns, transitions or captions
// anywhere, and no ffmpeg zoompan.
//
// The contract:
//
//   - Render draws into a 4:2:0 BT.709 limited-range *image.YCbCr (what the
//     encoder takes as yuv420p); RenderRGBA converts the same picture for
//     the screen. Draft and Final differ only in the size of the prepared
//     source copies; the same frame twice gives identical pixels.
//
//   - One frame is: per plane, per axis, a table of source indices and
//     weights; per row, a horizontal pass over the source rows it needs
//     (cached for the next row) and a vertical interpolation, then row
//     hooks (captions, transition mixing) while the row is in cache.
//
//   - Geometry comes from project (Resolve, MotionFor, Motion.At,
//     Timeline.At) as floats and is sampled sub-pixel: a separable tent
//     filter, bilinear when enlarging and area-like when shrinking, in
//     integer fixed point, parallel across row bands. Nothing is rounded to
//     whole pixels, so slow pans and zooms are smooth.
//
//   - Sources are decoded once with EXIF orientation applied (colour JPEGs
//     by libjpeg-turbo through cgo, scaled in the DCT to just above the
//     size needed: internal/jpegturbo; other JPEGs incl. CMYK, grey and
//     damaged ones, PNG incl. 16-bit, palette and alpha over the
//     background colour, GIF's first frame, BMP, TIFF, WebP by Go; anything
//     else through ffmpeg, HEIC and AVIF through ImageMagick since ffmpeg 5.1
//     reads neither), resized once to the density the slide's motion
//     needs at the output size, kept as Y, Cb, Cr planes in a bounded LRU
//     cache, and the next slide is prepared in the background. Photos over
//     MaxPixels are refused from their header; every source problem is a
//     *SourceError naming the file.
//
//   - JPEG decoding and the one-time resize are this package's own code,
//     not disintegration/imaging (the stack's first choice): imaging returns
//     NRGBA, so a 12 MP JPEG would be converted to RGB and back to planes,
//     and its decode plus Fill costs ~530 ms (STACK-FACTS) against ~320 ms
//     here on the Go path and ~110 ms through libjpeg-turbo
//     (BenchmarkPrepareSource). EXIF orientation is read from the JPEG or
//     TIFF header and applied to the planes (TestEXIFOrientation).
//     imaging is used where speed is not at stake: decoding the other
//     formats, their thumbnails (TestOrientImageMatchesPlanes) and the blur
//     of the small copy behind off-aspect photos.
//
//   - The two hottest loops of a frame (the bilinear horizontal pass and
//     the 8-bit blend) have AVX2 forms that give exactly the bytes of the
//     Go loops (simd.go, TestSIMDMatchesScalar).
//
//   - Off-aspect photos show a static blurred fill (computed once per slide
//     and size), the background colour, or are cropped (project.Fit).
//
//   - Transitions are small pure functions of (a, b, progress) in
//     transition.go. The renderer may draw them fused (crossfades mixed row
//     by row, hidden slides or parts of slides not drawn) but always gives
//     the same pixels as those functions (TestFusedTransitionsMatch).
//
//   - Captions are rasterised once per text and size (size relative to the
//     frame height, outline, position) and drawn on their slide, so they
//     take part in its transition. Fonts: the embedded Go Bold, then per
//     rune it lacks the bold face fontconfig names for it (caption_font.go,
//     loaded once, bounded); text is shaped and ordered right to left where
//     needed by go-text/typesetting (caption_shape.go). A rune no installed
//     font has is drawn as Go Bold's .notdef box. CaptionFontFingerprint
//     names the fallback font files a caption draws with, for caches of
//     rendered frames (export's segment keys).
//
//   - Subject detection (subject.go) for direction "subject": pigo faces,
//     else a smartcrop salient region that clearly stands out, else none;
//     run at low CPU priority (nice 15 on Linux, an internal/nice pool)
//     on a copy at most 512 px across, once per photo content (a
//     bounded cache keyed by a hash of the file, looked up by path and
//     internal/stamp's Stamp). The export's renderer (Options.WaitSubjects) waits for
//     it; the editor's draws the centre motion until it is done, then the
//     same motion as the export.
//
// preview imports project and never the UI toolkit or the exporter.
package preview
