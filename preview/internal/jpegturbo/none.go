//go:build !cgo

package jpegturbo

import "errors"

// Available reports whether the package can decode (it needs cgo).
const Available = false

// Decode always fails without cgo.
func Decode(data []byte, w, h, num int) (y, cb, cr []byte, err error) {
	return nil, nil, nil, errors.New("jpegturbo: built without cgo")
}
