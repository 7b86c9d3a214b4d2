import xml.sax
from xml.sax.handler import feature_external_ges

import defusedxml.ElementTree as SafeET
from defusedxml import sax as safe_sax
from lxml import etree


class TitleHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.titles = []


def parse_feed(xml_bytes: bytes):
    parser = etree.XMLParser(resolve_entities=True)  # ward-expect: injection
    return etree.fromstring(xml_bytes, parser)


def parse_feed_dtd(xml_bytes: bytes):
    parser = etree.XMLParser(
        load_dtd=True,
        huge_tree=True,
        resolve_entities=True,  # ward-expect: injection
    )
    return etree.fromstring(xml_bytes, parser=parser)


def sax_titles(stream):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)  # ward-expect: injection
    handler = TitleHandler()
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.titles


# ward-good: injection
def parse_feed_safe(xml_bytes: bytes):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(xml_bytes, parser)


# ward-good: injection
def parse_feed_defused(xml_bytes: bytes):
    return SafeET.fromstring(xml_bytes)


# ward-good: injection
def sax_titles_safe(stream):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, False)
    handler = TitleHandler()
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.titles


# ward-good: injection
def sax_titles_defused(stream):
    handler = TitleHandler()
    safe_sax.parse(stream, handler)
    return handler.titles
