package project

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// jsonValue is one value of a JSON document: its path in the notation of
// Problem.Field (e.g. "slides[2].duration") and its byte range.
type jsonValue struct {
	path       string
	start, end int64
}

// jsonValues lists every value of a syntactically valid JSON document,
// children before their parents. It returns nil if data does not decode.
func jsonValues(data []byte) []jsonValue {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []jsonValue
	if err := walkJSON(dec, data, "", &out, 0); err != nil {
		return nil
	}
	return out
}

const maxWalkDepth = 10000 // encoding/json's own nesting limit

func walkJSON(dec *json.Decoder, data []byte, path string, out *[]jsonValue, depth int) error {
	if depth > maxWalkDepth {
		return errTooDeep
	}
	start := skipSeparators(data, dec.InputOffset())
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if delim, ok := tok.(json.Delim); ok {
		switch delim {
		case '{':
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := key.(string)
				child := k
				if path != "" {
					child = path + "." + k
				}
				if err := walkJSON(dec, data, child, out, depth+1); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walkJSON(dec, data, path+"["+strconv.Itoa(i)+"]", out, depth+1); err != nil {
					return err
				}
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return err
		}
	}
	*out = append(*out, jsonValue{path: path, start: start, end: dec.InputOffset()})
	return nil
}

type walkError string

func (e walkError) Error() string { return string(e) }

const errTooDeep = walkError("JSON nested too deeply")

// skipSeparators moves off past white space, ':' and ',' to the start of
// the next value.
func skipSeparators(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// valueAround returns the path of the innermost value that the decoder
// was reading when it stopped at offset off (encoding/json's
// UnmarshalTypeError.Offset is just past a scalar, or just past the opening
// delimiter of an object or array).
func valueAround(vals []jsonValue, off int64) (jsonValue, bool) {
	best, found := jsonValue{}, false
	for _, v := range vals {
		if v.start < off && off <= v.end && (!found || v.start >= best.start && v.end-v.start <= best.end-best.start) {
			best, found = v, true
		}
	}
	return best, found
}

// valueStarts maps each value's path to its start offset.
func valueStarts(vals []jsonValue) map[string]int64 {
	m := make(map[string]int64, len(vals))
	for _, v := range vals {
		m[v.path] = v.start
	}
	return m
}

// valueAt returns the start of the value at path, or of its closest
// existing ancestor (a missing "slides[2].image.path" is reported where
// "slides[2].image" is).
func valueAt(starts map[string]int64, path string) (int64, bool) {
	for {
		if off, ok := starts[path]; ok {
			return off, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			return 0, false
		}
		path = path[:i]
	}
}
