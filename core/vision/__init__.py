"""Images to events: validation (intake), OCR backends, text layout, the reading pipeline."""
