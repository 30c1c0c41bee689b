"""Pictures for the demo content, drawn here with Pillow: nothing downloaded, nothing copied."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = [
    ((120, 170, 220), (250, 214, 165), [(46, 94, 62), (67, 122, 74), (98, 152, 88)]),
    ((90, 140, 200), (240, 190, 150), [(60, 80, 110), (80, 110, 90), (120, 160, 90)]),
    ((160, 190, 225), (255, 236, 200), [(70, 100, 70), (95, 135, 80), (140, 175, 95)]),
    ((240, 160, 120), (255, 220, 170), [(90, 60, 80), (120, 80, 90), (160, 120, 90)]),
]


def _gradient(draw, width, height, top, bottom):
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))


def landscape(seed, width=1200, height=800):
    """A mountain landscape (the district is highland), different for every seed. Returns JPEG bytes."""
    rng = random.Random(seed)
    sky_top, sky_bottom, greens = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    _gradient(draw, width, height, sky_top, sky_bottom)
    sun_x, sun_y, sun_r = rng.randint(150, width - 150), rng.randint(80, 260), rng.randint(40, 70)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=(255, 240, 190))
    for layer, color in enumerate(greens):
        base = int(height * (0.45 + 0.15 * layer))
        points = [(0, height)]
        phase, amplitude = rng.random() * 6.3, 60 + rng.random() * 80
        for x in range(0, width + 40, 40):
            y = base - amplitude * abs(math.sin(x / (140 + 60 * layer) + phase)) - rng.randint(0, 25)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=color)
    # Terraced fields in the foreground.
    for i in range(8):
        y = int(height * 0.82) + i * 14
        draw.arc([-200, y - 60, width + 200, y + 60], 200, 340, fill=(170, 190, 90), width=3)
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def administrative_map(seed=7, width=600, height=720):
    """A stylised map: communes as coloured cells, a river and the border. Returns PNG bytes."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (236, 242, 247))
    draw = ImageDraw.Draw(image)
    centre = (width / 2, height / 2)
    outline = []
    for step in range(36):
        angle = step * math.tau / 36
        radius = 230 + rng.randint(-40, 50)
        outline.append((centre[0] + radius * math.cos(angle) * 0.95, centre[1] + radius * math.sin(angle) * 1.25))
    colours = [(248, 221, 164), (200, 226, 177), (246, 196, 170), (196, 215, 238), (230, 210, 235),
               (255, 236, 179), (208, 236, 220), (240, 224, 200)]
    seeds = [(rng.randint(120, width - 120), rng.randint(120, height - 120)) for _ in range(14)]
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).polygon(outline, fill=255)
    cells = Image.new("RGB", (width, height))
    pixels = cells.load()
    for y in range(0, height):
        for x in range(0, width):
            nearest = min(range(len(seeds)), key=lambda i: (seeds[i][0] - x) ** 2 + (seeds[i][1] - y) ** 2)
            pixels[x, y] = colours[nearest % len(colours)]
    image.paste(cells, (0, 0), mask)
    edges = cells.filter(ImageFilter.FIND_EDGES).convert("L").point(lambda v: 255 if v > 10 else 0)
    edge_mask = Image.composite(edges, Image.new("L", (width, height), 0), mask)
    image.paste((150, 150, 150), (0, 0), edge_mask)
    river = [(0, height * 0.3)]
    for step in range(1, 13):
        river.append((width * step / 12, height * 0.3 + math.sin(step / 2) * 60 + step * 25))
    draw.line(river, fill=(70, 130, 200), width=6, joint="curve")
    draw.line(outline + [outline[0]], fill=(180, 30, 40), width=4, joint="curve")
    for x, y in seeds:
        draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=(40, 40, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def flat_banner(seed, width=640, height=200, colour=(11, 79, 138)):
    """A plain banner background with stripes, for the link banners."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x = rng.randint(0, width)
        draw.polygon([(x, 0), (x + 80, 0), (x - 40, height), (x - 120, height)],
                     fill=tuple(min(255, c + 25) for c in colour))
    draw.rectangle([0, height - 12, width, height], fill=(245, 197, 24))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
