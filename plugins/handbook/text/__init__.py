"""Text helpers with one meaning each: slugs and heading anchors, and the
sentence splitter.
"""
