package preview

// Version identifies how this renderer draws. Anything that keeps rendered
// frames beyond one run (export's segment cache) puts it into its keys, so
// frames drawn by an older renderer are never reused.
//
// Bump it in the same commit as any change that can alter one pixel of a
// rendered frame: sampling, colour conversion, fit and blur, captions and
// fonts, transitions, easing, motion defaults, decoding.
//
// History: 1 first segment cache; 2 subject-aware motion and the golden
// images it changed; 3 captions shaped by go-text with a fallback font
// stack, at whole-pixel sizes.
const Version = 3
