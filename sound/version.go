package sound

// Version identifies how this package turns a project into samples. It
// changes whenever the samples of a mix of the same inputs change (a new
// fade, ducking curve, resampler, loudness rule): the export's cache of
// encoded sound keys on it, so a sound encoded by an older mix is never
// reused.
const Version = 1
