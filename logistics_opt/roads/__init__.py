"""Real road distances, drive times and route shapes from an OpenStreetMap extract, computed on
the user's machine by an embedded OSRM (the ``roads`` extra): no server, nothing sent anywhere.

``build_roads`` prepares a road folder once; ``RoadNetwork.open`` reads it; ``road_matrix`` gives
the km / minutes matrix for the network's places (cached); ``route_line`` the road shape of a route.
"""

from .build import BuildResult, build_roads, default_folder
from .manifest import Manifest
from .matrix import ACCESS_KMH, MAX_SNAP_KM, road_matrix
from .network import RoadNetwork
from .shapes import route_line

__all__ = [
    "ACCESS_KMH",
    "MAX_SNAP_KM",
    "BuildResult",
    "Manifest",
    "RoadNetwork",
    "build_roads",
    "default_folder",
    "road_matrix",
    "route_line",
]
