"""Reading aids for the whole site: furigana rendered by the server on request."""
