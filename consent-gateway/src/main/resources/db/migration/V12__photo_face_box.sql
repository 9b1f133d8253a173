-- The face box a person drew on a photo where the detector found no face (issue 13): every later embedding of the
-- stored image (a search with the photo, re-indexing after a restart) passes it again, or the photo would be refused
-- for having no face. Null when the detector found the face by itself. Geometry only, in the photo's pixels after
-- EXIF orientation.
alter table photos add column face_box_x integer;
alter table photos add column face_box_y integer;
alter table photos add column face_box_width integer;
alter table photos add column face_box_height integer;
