//! The catalogue in Vietnamese: every [`Text`] said once, in the sections of `mod.rs`.

#[allow(unused_imports)]
use super::{Text, num_vi};

pub(super) fn say(t: &Text) -> String {
    match t {
        // ------------------------------------------------------------------- pipeline
        Text::ConfigAtLine { line, problem } => {
            format!("Tệp cấu hình sai, dòng {line}: {}", say(problem))
        }
        Text::PipelineUnreadable { error } => format!("Không đọc được tệp cấu hình: {error}"),
        Text::PipelineSyntax { message } => message.clone(),
        Text::ProvinceCodeInvalid { given } => {
            format!("mã tỉnh phải là mã GSO 2 chữ số, không phải {given:?}")
        }
        Text::RankingKeysEmpty => "ranking.districts rỗng: cần ít nhất một khóa".into(),
        Text::RankingKeyUnknown { key } => format!("khóa xếp hạng không hợp lệ {key:?}"),
        Text::PipelineWithoutYear => "cấu hình không có [[year]] nào".into(),
        Text::YearNotEvaluationYear { year } => {
            format!("năm {year} không phải năm đánh giá (2000-2100)")
        }
        Text::YearListedTwice { year } => format!("năm {year} bị khai hai lần"),
        Text::RawFolderMissing { path } => {
            format!("thư mục dữ liệu {} không tồn tại", path.display())
        }
        Text::PublishedFileMissing { path } => {
            format!("tệp quyết định đã công bố {} không tồn tại", path.display())
        }
        Text::NamedFileMissing { path } => {
            format!("tệp {} không tồn tại", path.display())
        }
        Text::YearMapUnreadable { year, error } => {
            format!("không đọc được danh mục đơn vị của năm {year}: {error}")
        }
        Text::DistrictRuleSetWithoutDistricts { year, map } => format!(
            "năm {year} dùng danh mục {map}, không có cấp huyện: bỏ bộ quy tắc cấp huyện (chỉ đánh giá cấp xã)"
        ),
        Text::CrosswalkColumnMissing { column } => {
            format!("bảng chuyển đổi đơn vị thiếu cột {column}")
        }
        Text::CrosswalkFieldInvalid { column, value } => {
            format!("bảng chuyển đổi đơn vị: giá trị {value:?} không hợp lệ ở cột {column}")
        }
        Text::CrosswalkCodeUnknown { code, year, map } => format!(
            "bảng chuyển đổi đơn vị ghi mã {code}, không phải đơn vị cấp xã nào trong danh mục {map} của năm {year}"
        ),
        Text::CrosswalkUnreadable { error } => {
            format!("không đọc được bảng chuyển đổi đơn vị: {error}")
        }
        Text::ScopeEmpty => "scope rỗng: cần \"district\", \"commune\" hoặc cả hai".into(),
        Text::ScopeLevelUnknown { given } => {
            format!("phạm vi không hợp lệ {given:?} (district, commune)")
        }
        Text::RuleSetLevelUnknown { given } => format!("cấp đơn vị không hợp lệ {given:?}"),
        Text::RuleSetDimensionUnknown { given } => format!("tiêu chí không hợp lệ {given:?}"),
        Text::CutoffUnitUnknown { given } => format!("đơn vị ngưỡng không hợp lệ {given:?}"),
        Text::RuleStatusUnknown { given } => format!("trạng thái không hợp lệ {given:?}"),
        Text::CutoffLevelUnknown { given } => {
            format!("mức không hợp lệ {given:?} trong ngưỡng (I, II, III, IV)")
        }
        Text::CutoffsIncomplete => "ngưỡng phải có đủ I, II, III và IV".into(),
        Text::RuleSetTwice { .. } => "trùng bộ quy tắc".into(),
        Text::RuleSetRefused { error } => format!("bộ quy tắc không hợp lệ: {error}"),
        Text::YearWithoutRuleSet { year } => format!("năm {year} không có bộ quy tắc"),

        Text::OnErrorUnknown { given } => format!(
            "on_error \"{given}\" không hợp lệ (keep-previous hoặc replace)"
        ),

        // ------------------------------------------------------------------- gazetteer

        // ------------------------------------------------------------------- ingest
        Text::SheetHidden => "Trang tính ẩn; đã được đọc".into(),
        Text::NoTable => {
            "Trang tính có nội dung nhưng không có bảng nào có cột tên đơn vị và cột điểm".into()
        }
        Text::RoleWords { role } => {
            use crate::ingest::{Field, Role};
            match role {
                Role::RowNumber => "số thứ tự".into(),
                Role::Unit => "tên đơn vị".into(),
                Role::Dim(d, f) => {
                    let words = match f {
                        Field::Score => "điểm",
                        Field::Level => "mức xếp hạng",
                        Field::Maximum => "điểm tối đa",
                        Field::NotApplicable => "điểm không áp dụng",
                        Field::ApplicableMax => "điểm tối đa áp dụng",
                        Field::RawPoints => "điểm đạt được (chưa quy đổi)",
                        Field::Percent => "tỷ lệ (%)",
                        Field::Converted => "điểm quy đổi",
                    };
                    format!("{words} {}", d.name_vi().to_lowercase())
                }
            }
        }
        Text::FileCannotOpen { error } => format!("Không mở được tệp: {error}"),
        Text::FileCannotRead { error } => format!("Không đọc được tệp: {error}"),
        Text::FileTooLarge { bytes, limit } => {
            format!("Tệp có {bytes} byte, vượt giới hạn {limit} byte")
        }
        Text::FileEmpty => "Tệp rỗng (0 byte)".into(),
        Text::FileEncrypted => {
            "Tệp được bảo vệ bằng mật khẩu; hãy gửi bản không đặt mật khẩu".into()
        }
        Text::ReaderFailed => "Tệp bảng tính bị hỏng: bộ đọc không đọc được tệp này".into(),
        Text::XlsMalformed => "Tệp .xls bị hỏng: cấu trúc tệp OLE không hợp lệ".into(),
        Text::XlsSheetTooLarge { extent, limit } => format!(
            "Một trang tính của tệp .xls trải trên {extent}, vượt giới hạn {limit} ô; tệp không được đọc"
        ),
        Text::UnpackedTooLarge { bytes, limit } => {
            format!("Nội dung giải nén của tệp là {bytes} byte, vượt giới hạn {limit} byte")
        }
        Text::ZipWithoutWorkbook => "Tệp nén zip nhưng không chứa bảng tính Excel/ODS".into(),
        Text::NotAWorkbook => "Không phải tệp bảng tính Excel (.xlsx, .xls) hay OpenDocument (.ods): có thể là tệp văn bản, PDF hoặc tệp bị hỏng".into(),
        Text::WorkbookDamaged { error } => {
            format!("Tệp bảng tính bị hỏng, không đọc được: {error}")
        }
        Text::SheetUnreadable { error } => format!("Không đọc được trang tính: {error}"),
        Text::SheetTooLarge { extent, limit } => {
            format!("Trang tính quá lớn ({extent}), vượt giới hạn {limit} ô; không đọc")
        }
        Text::CellTooLong { chars, limit } => {
            format!("Ô có {chars} ký tự, vượt giới hạn {limit} ký tự")
        }


        // ------------------------------------------------------------------- layout
        Text::WhyRowNumber => "nhãn số thứ tự".into(),
        Text::WhyUnit => "nhãn tên đơn vị".into(),
        Text::WhyValue {
            field_words,
            dimension,
        } => {
            let field = if field_words.is_empty() {
                "chỉ ghi tiêu chí: là cột điểm".to_string()
            } else {
                format!("từ khóa \"{}\"", field_words.join("\", \""))
            };
            let dim = match dimension {
                Some((w, from)) => format!("tiêu chí \"{w}\" {}", say(from)),
                None => String::new(),
            };
            format!("{field}; {dim}")
        }
        Text::WhyOnlyPointsColumn => "là cột điểm duy nhất của tiêu chí".into(),
        Text::DimFromOwnCell => "trong chính ô".into(),
        Text::DimFromOtherColumns => "của các cột khác trong bảng".into(),
        Text::DimFromLeftColumn { col } => format!("của cột {col} ngay bên trái"),
        Text::DimFromGroupCell { cell } => format!("ở ô nhóm {cell}"),
        Text::DimFromCaption { row } => format!("ở dòng chú thích {row} phía trên bảng"),
        Text::DimFromSheetName => "ở tên trang tính".into(),
        Text::HeaderInDoubt {
            label,
            first,
            candidates,
            blocks,
        } => {
            let roles: Vec<String> = candidates.iter().map(|c| c.words().vi.to_string()).collect();
            let why = match first {
                Some(first) => format!("cột {first} cũng là {}", roles.join("; ")),
                None => format!("có thể là: {}", roles.join("; ")),
            };
            let then = if *blocks {
                "cột không được đọc và các dòng của bảng bị loại (giữ nguyên trong danh sách bị loại)"
            } else {
                "cột không được đọc"
            };
            format!(
                "Tiêu đề cột \"{label}\" không rõ nghĩa: {why}; {then}. Hãy sửa tiêu đề hoặc khai báo trong [aliases]"
            )
        }
        Text::ValuesDisagree {
            label,
            levels,
            count,
            rows,
            read_as,
        } => {
            let wrong = if *levels { "các mức xếp hạng" } else { "các số điểm" };
            let then = match read_as {
                Some(r) => format!("đọc là cột {}", r.words().vi),
                None => "giữ theo tiêu đề".to_string(),
            };
            format!("Cột \"{label}\" ghi {wrong} ở {count} trên {rows} dòng; {then}")
        }

        // ------------------------------------------------------------------- normalize
        Text::AmbiguousDistrict { text, candidates } => {
            format!("\"{text}\" ứng với nhiều huyện: {candidates}")
        }
        Text::UnknownDistrictNearest {
            text,
            province,
            nearest,
        } => format!("\"{text}\" không phải là huyện nào của tỉnh {province}; gần nhất: {nearest}"),
        Text::UnknownDistrictNoNearName { text, province } => format!(
            "\"{text}\" không phải là huyện nào của tỉnh {province}; không có tên nào gần giống"
        ),
        Text::PinnedDistrictNotInProvince {
            district_code,
            province,
        } => format!("Cấu hình gán tệp cho huyện {district_code} không thuộc tỉnh {province}"),
        Text::UnitNameReadAs {
            submitted,
            official,
            code,
        } => format!("\"{submitted}\" được đọc là {official} ({code})"),
        Text::CommunesDistrictFrom {
            district,
            code,
            source,
        } => {
            use crate::normalize::DistrictSource;
            let from = match source {
                DistrictSource::Heading => "dòng tiêu đề nhóm",
                DistrictSource::Title => "tiêu đề văn bản",
                DistrictSource::DistrictRow => "dòng của huyện trong tệp",
                DistrictSource::Pin => "cấu hình pipeline",
            };
            format!("Các xã thuộc {district} ({code}): lấy theo {from}")
        }
        Text::HeaderBlocksRow {
            cell,
            label,
            candidates,
        } => {
            let roles: Vec<String> = candidates.iter().map(|r| r.words().vi.to_string()).collect();
            format!(
                "Không đọc được dòng: tiêu đề cột {cell} \"{label}\" không rõ là {}",
                roles.join(" hay ")
            )
        }
        Text::NoUnitName => "Dòng có điểm nhưng không có tên đơn vị".into(),
        Text::NumberUnreadable { dim, field, error } => {
            use crate::normalize::number::NumError;
            let why = match error {
                NumError::NotANumber(t) => format!("\"{t}\" không phải là số"),
                NumError::TwoSeparators(t) => {
                    format!("\"{t}\" có cả dấu phẩy và dấu chấm, không rõ phần thập phân")
                }
                NumError::ErrorCell(e) => format!("ô báo lỗi {e} thay vì một số"),
                NumError::Date(d) => format!("ô kiểu ngày tháng ({d}) thay vì một số"),
                NumError::Bool(b) => format!(
                    "ô kiểu đúng/sai ({}) thay vì một số",
                    if *b { "ĐÚNG" } else { "SAI" }
                ),
                NumError::TooLong(n) => format!("ô có {n} ký tự, không phải là số"),
                NumError::NotFinite => "giá trị không hữu hạn".to_string(),
            };
            format!("{} ({}): {why}", dim.name_vi(), field.key())
        }
        Text::LevelUnreadable { dim, shown } => format!(
            "{}: \"{shown}\" không phải là mức I, II, III, IV hay Không xếp hạng; dùng mức tính theo bộ quy tắc",
            dim.name_vi()
        ),
        Text::NoDistrictForUnit { submitted } => format!(
            "Không xác định được \"{submitted}\" thuộc huyện nào: không có (hoặc không đọc được) dòng tiêu đề nhóm, tiêu đề văn bản, dòng của huyện hay cấu hình"
        ),
        Text::DistrictCodeNotInGazetteer => "mã huyện lạ".into(),
        Text::CommuneCodeNotInGazetteer => "mã xã lạ".into(),
        Text::AmbiguousCommune {
            submitted,
            candidates,
        } => format!(
            "\"{submitted}\" ứng với nhiều đơn vị: {candidates}; hãy ghi rõ loại (Xã, Phường, Thị trấn)"
        ),
        Text::CommuneOfOtherDistrict {
            submitted,
            code,
            district,
            here,
        } => format!("\"{submitted}\" ({code}) thuộc {district}, không thuộc {here}"),
        Text::UnknownUnitNearest {
            submitted,
            here,
            nearest,
        } => format!("\"{submitted}\" không có trong danh mục của {here}; gần nhất: {nearest}"),
        Text::UnknownUnitNoNearName { submitted, here } => format!(
            "\"{submitted}\" không có trong danh mục của {here}; không có tên nào gần giống"
        ),

        // ------------------------------------------------------------------- validate
        Text::YearDisagrees {
            written,
            year,
            title,
        } => format!(
            "Tiêu đề ghi năm {written} (\"{title}\") nhưng tệp được đọc cho năm {year} theo cấu hình; số liệu được tính cho năm {year}"
        ),
        Text::NoRuleSetForDimension { year, level, dim } => format!(
            "Không có bộ quy tắc năm {year} cho cấp {} ({})",
            level.as_str(),
            dim.name_vi()
        ),
        Text::DimensionMissing { unit, dim } => format!("{unit}: thiếu điểm {}", dim.name_vi()),
        Text::NotApplicableOutOfRange {
            unit,
            dim,
            points,
            max,
        } => format!(
            "{unit}: điểm không áp dụng {} ({}) nằm ngoài 0 – {}",
            num_vi(*points),
            dim.name_vi(),
            num_vi(*max)
        ),
        Text::RawPointsOutOfRange {
            unit,
            dim,
            raw,
            applicable,
        } => format!(
            "{unit}: điểm đạt được {} {} nằm ngoài 0 – {} (điểm tối đa áp dụng)",
            dim.name_vi(),
            num_vi(*raw),
            num_vi(*applicable)
        ),
        Text::ScoreOutOfRange {
            unit,
            dim,
            score,
            max,
        } => format!(
            "{unit}: điểm {} {} nằm ngoài 0 – {}",
            dim.name_vi(),
            num_vi(*score),
            num_vi(*max)
        ),
        Text::PercentOutOfRange { unit, dim, percent } => format!(
            "{unit}: tỷ lệ {} {}% nằm ngoài 0 – 100",
            dim.name_vi(),
            num_vi(*percent)
        ),
        Text::ConvertedScoreDiffers {
            unit,
            dim,
            written,
            raw,
            max,
            applicable,
            computed,
        } => format!(
            "{unit}: điểm quy đổi {} ghi {} nhưng {} × {} / {} = {}; giữ nguyên số đã ghi",
            dim.name_vi(),
            num_vi(*written),
            num_vi(*raw),
            num_vi(*max),
            num_vi(*applicable),
            num_vi(*computed)
        ),
        Text::MoreRepeatedRows { unit, more } => {
            format!("{unit}: còn {more} dòng lặp lại khác của đơn vị này (không liệt kê từng dòng)")
        }
        Text::RepeatedSameValues {
            unit,
            count,
            places,
        } => format!("{unit} xuất hiện {count} lần với cùng số liệu ({places}); giữ dòng đầu"),
        Text::RepeatedDifferentValues {
            unit,
            count,
            places,
        } => format!(
            "{unit} xuất hiện {count} lần với số liệu khác nhau ({places}); tất cả các dòng bị loại"
        ),
        Text::DistrictMissing { district, code } => {
            format!("{district} ({code}) không có trong hồ sơ nào được chấp nhận")
        }
        Text::DistrictAndCommunesMissing {
            district,
            code,
            communes,
            named,
        } => {
            let named = if named.is_empty() {
                String::new()
            } else {
                format!(": {}", named.join(", "))
            };
            format!(
                "{district} ({code}) và {communes} đơn vị cấp xã trực thuộc không có trong hồ sơ nào được chấp nhận{named}"
            )
        }
        Text::CommunesMissing {
            district,
            communes,
            named,
        } => {
            let named = if named.is_empty() {
                String::new()
            } else {
                format!(": {}", named.join(", "))
            };
            format!("{communes} xã của {district} không có trong hồ sơ nào được chấp nhận{named}")
        }
        Text::CommunesNotInCrosswalk {
            district,
            communes,
            named,
        } => {
            let named = if named.is_empty() {
                String::new()
            } else {
                format!(": {}", named.join(", "))
            };
            format!(
                "{communes} xã của {district} không có trong bảng chuyển đổi đơn vị (không có đơn vị mới){named}"
            )
        }

        // ------------------------------------------------------------------- classify
        Text::AcceptedUnitUnclassified => {
            "Lỗi nội bộ: đơn vị được chấp nhận nhưng không phân loại được".into()
        }
        Text::LevelDisagrees {
            unit,
            dim,
            declared,
            rule_set,
            computed,
            score,
        } => format!(
            "{unit}: mức {} ghi là {declared}, theo bộ quy tắc {rule_set} là {computed} (điểm {})",
            dim.name_vi(),
            num_vi(*score)
        ),
        Text::RankedAboveHigherScore {
            above,
            above_score,
            below,
            below_score,
            ranking,
        } => format!(
            "{above} ({}) xếp trên {below} ({}) dù điểm mức độ đạt được thấp hơn: thứ hạng theo {ranking}",
            num_vi(*above_score),
            num_vi(*below_score)
        ),
        Text::TableOrderDiffers { ranking, moved } => {
            // Each row's place is written in both languages, as it always has been.
            let moved: Vec<String> = moved
                .iter()
                .map(|(unit, row, stt, rank)| {
                    format!("{unit} (dòng/row {row}, STT {stt}, hạng/rank {rank})")
                })
                .collect();
            format!(
                "Thứ tự các huyện trong bảng khác thứ hạng theo {ranking}: {}",
                moved.join("; ")
            )
        }

        // ------------------------------------------------------------------- compare
        Text::PublishedName {
            written,
            official,
            code,
        } => format!("Quyết định ghi \"{written}\"; tên chính thức (GSO) là {official} ({code})"),
        Text::OnlyInPublished { unit, code } => {
            format!("{unit} ({code}) có trong quyết định nhưng không có trong kết quả tổng hợp")
        }
        Text::NotInPublished { unit, code } => {
            format!("{unit} ({code}) có trong kết quả tổng hợp nhưng không có trong quyết định")
        }
        Text::PublishedScoreDiffers {
            unit,
            dim,
            published,
            computed,
        } => format!(
            "{unit}: quyết định ghi điểm {} {}, hồ sơ là {}",
            dim.name_vi(),
            num_vi(*published),
            num_vi(*computed)
        ),
        Text::PublishedLevelDiffers {
            unit,
            dim,
            published,
            computed,
        } => format!(
            "{unit}: quyết định ghi mức {} {published}, tính theo bộ quy tắc là {computed}",
            dim.name_vi()
        ),
        Text::PublishedRankDiffers { unit, listed, rank } => {
            format!("{unit}: quyết định xếp ở số {listed}, thứ hạng tính được là {rank}")
        }
        Text::PublishedAnnexPositionDiffers {
            unit,
            listed,
            position,
        } => format!(
            "{unit}: quyết định xếp ở số {listed}, thứ tự trong phụ lục tính được là {position}"
        ),

        // ------------------------------------------------------------------- audit
        Text::AuditLevelUnexplained {
            unit,
            dim,
            level,
            value,
            percent,
            from_decision,
            others,
        } => {
            let source = if *from_decision { "theo quyết định" } else { "tự ghi trong hồ sơ" };
            let alt = if others.is_empty() {
                String::new()
            } else {
                format!(" (hoặc để riêng thay vào đó: {})", others.join(", "))
            };
            format!(
                "{unit}: mức {level} {source} của {} ({}) không khớp với ngưỡng nào mà các mức đã công bố khác cho phép; đã để riêng khi đối chiếu, cần kiểm tra lại điểm và mức{alt}",
                dim.name_vi(),
                value_vi(*value, *percent)
            )
        }
        Text::AuditFittedBasis {
            year,
            units,
            from_decision,
            kept,
            intervals,
            percent,
            maximum,
        } => {
            let unit = if *percent {
                format!("% điểm tối đa (áp dụng) {}", cut_vi(*maximum))
            } else {
                format!("điểm (tối đa {})", cut_vi(*maximum))
            };
            let list: Vec<String> = ["I", "II", "III", "IV"]
                .iter()
                .zip(intervals)
                .map(|(l, i)| format!("{l} {}", interval_vi(i)))
                .collect();
            let aside = if kept < units {
                format!("; để riêng {} mức không giải thích được, tái tạo đúng {kept} mức còn lại", units - kept)
            } else {
                String::new()
            };
            format!(
                "Khớp bằng egov-etl audit với {units} mức đã công bố năm {year} ({from_decision} theo quyết định, {} tự ghi trong hồ sơ{aside}); không dẫn văn bản pháp lý. Các ngưỡng tái tạo đúng các mức đó, theo {unit}: {}",
                units - from_decision,
                list.join("; ")
            )
        }
        Text::AuditYearHeading { year } => {
            format!("Đối chiếu bộ quy tắc năm {year}: các ngưỡng mà các mức đã công bố cho phép")
        }
        Text::AuditGroupHeading {
            level,
            dim,
            units,
            from_decision,
            from_submissions,
            percent,
            maximum,
        } => {
            let level = unit_level_vi(*level);
            let scale = if *percent {
                "theo tỷ lệ % điểm tối đa áp dụng".to_string()
            } else {
                format!("theo điểm (tối đa {})", cut_vi(*maximum))
            };
            format!(
                "{level}, {}: {units} mức đã công bố ({from_decision} từ quyết định, {from_submissions} tự ghi trong hồ sơ), đối chiếu {scale}",
                dim.name_vi()
            )
        }
        Text::AuditNoPublishedLevels { level, dim } => format!(
            "{}, {}: không có mức đã công bố để đối chiếu (quyết định, nếu có, và hồ sơ đều không ghi mức)",
            unit_level_vi(*level),
            dim.name_vi()
        ),
        Text::AuditCutoff {
            level,
            points,
            percent,
            maximum,
            units,
        } => {
            let mut s = format!(
                "ngưỡng mức {level}: {} điểm, {} % của {}",
                interval_vi(points),
                interval_vi(percent),
                cut_vi(*maximum)
            );
            if points.above.is_none() {
                s.push_str(&format!("; không giới hạn dưới: không đơn vị nào dưới mức {level}"));
            }
            if points.at_most.is_none() {
                s.push_str(&format!(
                    "; không giới hạn trên: không đơn vị nào đạt mức {level} trở lên"
                ));
            }
            if *units == 0 {
                s.push_str(&format!("; không đơn vị nào ở mức {level}"));
            } else {
                s.push_str(&format!("; {units} đơn vị ở mức {level}"));
            }
            s
        }
        Text::AuditAllFollow { units } => format!(
            "cả {units} mức đã công bố theo đúng một bộ ngưỡng (điểm ≥ ngưỡng thì đạt mức)"
        ),
        Text::AuditSomeUnexplained {
            units,
            set_aside,
            unique,
        } => format!(
            "không bộ ngưỡng nào tái tạo đúng cả {units} mức đã công bố: cần để riêng {set_aside} đơn vị ({}), các khoảng trên tính theo {} đơn vị còn lại",
            if *unique { "cách duy nhất" } else { "một trong nhiều cách ít nhất" },
            units - set_aside
        ),
        Text::AuditCouldInstead { units } => {
            format!("hoặc để riêng thay vào đó (số lượng như nhau): {}", units.join(", "))
        }
        Text::AuditRuleSet {
            id,
            status,
            percent,
            cutoffs,
            outside,
            reproduces,
            kept,
        } => {
            let status = match status {
                crate::core::RuleStatus::Official => {
                    "official: phải dẫn văn bản pháp lý và điều khoản"
                }
                crate::core::RuleStatus::Fitted => {
                    "fitted: ngưỡng khớp với các mức đã công bố, không dẫn văn bản pháp lý"
                }
            };
            let unit = if *percent { "%" } else { "điểm" };
            let cuts: Vec<String> = cutoffs.iter().map(|c| cut_vi(*c)).collect();
            let place = if outside.is_empty() {
                "nằm trong mọi khoảng".to_string()
            } else {
                let l: Vec<String> = outside.iter().map(|l| l.to_string()).collect();
                format!("NẰM NGOÀI khoảng của mức {}", l.join(", "))
            };
            format!(
                "bộ quy tắc {id} của cấu hình ({status}): {} {unit}, {place}; tái tạo đúng {reproduces}/{kept} mức đã công bố được giữ",
                cuts.join(" / ")
            )
        }
        Text::AuditFittedHeading { kept } => format!(
            "bộ quy tắc nằm trong mọi khoảng, tái tạo đúng cả {kept} mức đã công bố được giữ, để dán vào cấu hình thay cho bộ hiện tại:"
        ),
        Text::AuditFittedNone => {
            "không có bộ ngưỡng nào (từ 0 trở lên) tái tạo được các mức được giữ (có mức trên IV ở điểm 0)".into()
        }
        Text::AuditSummary {
            groups,
            follow,
            inside,
            set_aside,
        } => format!(
            "Đối chiếu bộ quy tắc: mức đã công bố theo đúng một bộ ngưỡng ở {follow}/{groups} (cấp, tiêu chí) ({set_aside} đơn vị để riêng); bộ quy tắc nằm trong các khoảng ở {inside}/{groups} (chi tiết: egov-etl audit)"
        ),

        // ------------------------------------------------------------------- run, report
        Text::FileNotWorkbook => "Không phải bảng tính (theo phần mở rộng: tệp khác, thư mục con) hoặc là tệp khóa của Excel; không đọc".into(),
        Text::FolderNamedLikeWorkbook => "Đây là một thư mục mang tên bảng tính, không phải tệp".into(),
        Text::InternalTally { read, accepted, rejected, passed_over } => format!(
            "Lỗi nội bộ: {read} dòng đọc ≠ {accepted} chấp nhận + {rejected} loại + {passed_over} bỏ qua"
        ),
        Text::YearUpToDate { year, out_dir } => format!(
            "Năm {year}: dữ liệu vào và cấu hình không đổi, giữ nguyên {out_dir} (dùng --force để chạy lại)"
        ),
        Text::FileSkippedTally => "bỏ qua (không phải bảng tính)".into(),
        Text::FileRejectedTally => "TỆP BỊ LOẠI".into(),
        Text::FileTally { read, accepted, rejected, passed_over, warnings } => format!(
            "{read} dòng đọc, {accepted} chấp nhận, {rejected} bị loại, {passed_over} bỏ qua, {warnings} cảnh báo"
        ),
        Text::MoreProblemsInReport { n } => format!("và {n} vấn đề khác trong report.json"),
        Text::MoreItemsInReport { n } => format!("và {n} mục khác trong report.json"),
        Text::ProvinceWideHeading => "Đối chiếu và toàn tỉnh:".into(),
        Text::PublishedComparison { published, matched, levels_equal, levels_compared, scores_equal, order_equal } => format!(
            "Đối chiếu quyết định: {published} đơn vị, {matched} khớp; mức {levels_equal}/{levels_compared} trùng; điểm {scores_equal} trùng; thứ tự {order_equal} trùng"
        ),
        Text::NotWrittenDryRun => "(không ghi: --dry-run)".into(),
        Text::YearTotals { year, districts, communes, rejected, errors, warnings, dest } => format!(
            "Năm {year}: {districts} huyện, {communes} xã, {rejected} dòng bị loại, {errors} lỗi, {warnings} cảnh báo → {dest}"
        ),
        Text::InternalRunError { error } => format!("Lỗi nội bộ: {error}"),

        Text::RunJsonUnwritten { error } => format!("Không ghi được run.json: {error}"),
        Text::OutputBusy { path, holder } => format!(
            "Thư mục kết quả {path} đang được một lần chạy khác sử dụng ({holder}); đã chờ mà chưa được giải phóng"
        ),
        Text::PipelineUnusable { pipeline } => {
            format!("Không dùng được tệp cấu hình {pipeline}")
        }
        Text::NoPipelineInFolder { dir } => {
            format!("Thư mục {dir} không có tệp cấu hình nào (*.toml)")
        }
        Text::FolderUnreadable { path, error } => {
            format!("Không đọc được thư mục {path}: {error}")
        }
        Text::PipelinesShareOutput { first, second, out_dir } => format!(
            "Hai tệp cấu hình {first} và {second} cùng ghi vào thư mục kết quả {out_dir}: không chạy tệp nào trong hai tệp này. Cách sửa: đặt `output` riêng trong mỗi tệp cấu hình (hoặc chạy với --out để mỗi tệp ghi vào một thư mục con theo `name`, và đặt `name` khác nhau)"
        ),
        Text::PipelinesTotal { pipelines, unusable, exit } => format!(
            "{pipelines} tệp cấu hình, {unusable} tệp không dùng được; mã thoát {exit}"
        ),
        Text::YearIncomplete {
            expected,
            missing,
            rejected_files,
        } => format!(
            "Năm chưa đầy đủ: thiếu {missing} trên {expected} đơn vị cần có, {rejected_files} tệp bị loại"
        ),
        Text::CompleteSnapshotKept { dir } => {
            format!("Bản đầy đủ trước đó được giữ nguyên tại {dir} (--on-error keep-previous)")
        }
        Text::CompleteSnapshotMoved { dir } => {
            format!("Bản đầy đủ trước đó được chuyển sang {dir} (--on-error replace)")
        }

        // ------------------------------------------------------------------- emit

        // ------------------------------------------------------------------- report.html
        Text::PageTitle { province, year } => format!("Chính quyền điện tử năm {year}: {province}"),
        Text::PageLanguageButton => "English".into(),
        Text::PageOverview => "Tổng quan".into(),
        Text::PageMeasure => "Chỉ tiêu".into(),
        Text::PageCount => "Số lượng".into(),
        Text::PageDistricts => "Đơn vị cấp huyện".into(),
        Text::PageCommunes => "Đơn vị cấp xã".into(),
        Text::PageRejectedRows => "Dòng bị loại".into(),
        Text::PageRejectedFiles => "Tệp, trang tính bị loại".into(),
        Text::PageSeverity { severity } => match severity { crate::finding::Severity::Error => "Lỗi", crate::finding::Severity::Warning => "Cảnh báo", crate::finding::Severity::Info => "Thông tin" }.into(),
        Text::PageCompleteness => "Mức độ đầy đủ".into(),
        Text::PageComplete { complete } => if *complete { "Đủ: mọi đơn vị phải có đều được nhận" } else { "Chưa đủ" }.into(),
        Text::PageExpectedUnits => "Số đơn vị phải có".into(),
        Text::PageAcceptedUnits => "Số đơn vị được nhận".into(),
        Text::PageMissingUnits => "Số đơn vị còn thiếu".into(),
        Text::PageLevelsHeading => "Số đơn vị theo mức".into(),
        Text::PageUnitsAtLevel { level } => match level { crate::core::UnitLevel::District => "Cấp huyện", crate::core::UnitLevel::Commune => "Cấp xã", crate::core::UnitLevel::Province => "Cấp tỉnh" }.into(),
        Text::PageDimension { dim } => match dim { crate::core::Dimension::Achieved => "Mức độ đạt được", crate::core::Dimension::Readiness => "Điều kiện sẵn sàng" }.into(),
        Text::PageLevel { level } => match level { crate::core::Level::NotRanked => "Không xếp hạng".to_string(), l => format!("Mức {}", l.as_str()) },
        Text::PageByDistrictHeading => "Số xã theo mức, từng huyện".into(),
        Text::PageChartByDistrict { dim } => format!("Số xã theo từng mức, tiêu chí {}, của mỗi huyện và toàn tỉnh (độ dài: tỷ lệ trên số xã của huyện)", dim.name_vi()),
        Text::PageChartNumbers => "Số liệu của biểu đồ".into(),
        Text::PageDistrict => "Huyện".into(),
        Text::PageProvince => "Toàn tỉnh".into(),
        Text::PageTotal => "Tổng".into(),
        Text::PageRankingHeading => "Xếp hạng cấp huyện".into(),
        Text::PageRank => "Hạng".into(),
        Text::PageScore { dim } => format!("Điểm {}", dim.name_vi()),
        Text::PageLevelOf { dim } => format!("Mức {}", dim.name_vi()),
        Text::PageScatterHeading => "Mức độ đạt được và điều kiện sẵn sàng của từng xã".into(),
        Text::PageScatterTitle { n } => format!("Điểm mức độ đạt được (trục ngang) và điều kiện sẵn sàng (trục đứng) của {n} xã, màu theo mức độ đạt được"),
        Text::PageScatterSampled { shown, n } => format!("Biểu đồ vẽ {shown} trong {n} xã (lấy đều theo danh sách); tệp commune.csv của bản chụp có đủ tất cả"),
        Text::PageMoreRows { n } => format!("… và {n} dòng nữa: xem các tệp CSV của bản chụp"),
        Text::PageLegend => "Chú giải: mức độ đạt được".into(),
        Text::PageCommuneScores => "Bảng điểm của các xã".into(),
        Text::PageCommune => "Xã, phường, thị trấn".into(),
        Text::PageComparisonHeading => "Đối chiếu với quyết định đã công bố".into(),
        Text::PageNoDecision => "Năm này không có quyết định công bố để đối chiếu.".into(),
        Text::PagePublishedUnits => "Đơn vị trong quyết định".into(),
        Text::PageMatchedUnits => "Đơn vị khớp với bản tổng hợp".into(),
        Text::PageLevelsEqual => "Mức trùng khớp / số mức đối chiếu".into(),
        Text::PageScoresEqual => "Điểm trùng khớp".into(),
        Text::PageOrderEqual => "Thứ tự trùng khớp".into(),
        Text::PageDifferences { n } => format!("Khác biệt ({n})"),
        Text::PageNoDifference => "Không có khác biệt nào về điểm, mức hay thứ tự.".into(),
        Text::PageCorrectionsHeading => "Tên viết sai đã được sửa theo danh mục GSO".into(),
        Text::PageNoCorrection => "Không có tên nào phải sửa.".into(),
        Text::PageWritten => "Tên như đã viết".into(),
        Text::PageGsoName => "Tên theo GSO".into(),
        Text::PageWhere => "Ở đâu".into(),
        Text::PageWrittenIn { decision } => if *decision { "Quyết định công bố" } else { "Hồ sơ của huyện" }.into(),
        Text::PageSource => "Nguồn".into(),
        Text::PageYearsHeading => "So sánh với các năm khác".into(),
        Text::PageAgainstYear { other, year } => format!("Năm {year} so với năm {other}"),
        Text::PageMovedUp => "Lên mức".into(),
        Text::PageMovedDown => "Xuống mức".into(),
        Text::PageUnchanged => "Giữ nguyên".into(),
        Text::PageMovedUnits { n } => format!("Các đơn vị thay đổi mức ({n})"),
        Text::PageUnit => "Đơn vị".into(),
        Text::PageLevelIn { year } => format!("Mức năm {year}"),
        Text::PageFindingsHeading { n } => format!("Các phát hiện theo tệp ({n})"),
        Text::PageNoFile => "Không gắn với tệp nào".into(),
        Text::PagePlace => "Vị trí".into(),
        Text::PageCode => "Mã".into(),
        Text::PageMessage => "Nội dung".into(),
        Text::PageAction => "Việc cần làm".into(),
        Text::PageNoFindings => "Không có phát hiện nào.".into(),
        Text::PageRejectsHeading { n } => format!("Các dòng bị loại ({n})"),
        Text::PageNoRejects => "Không có dòng nào bị loại.".into(),
        Text::PageFile => "Tệp".into(),
        Text::PageSheet => "Trang tính".into(),
        Text::PageRow => "Dòng".into(),
        Text::PageCell => "Ô".into(),
        Text::PageRawValues => "Giá trị như đã viết".into(),
        Text::PageFooter => "Tạo bởi egov-etl từ bản tổng hợp của năm (các tệp Parquet và report.json).".into(),
        // ------------------------------------------------------------------- cli
        Text::GazetteerUnreadable { error } => format!("không đọc được danh mục đơn vị: {error}"),
        Text::ProvinceNotInGazetteer { code } => format!("mã tỉnh {code} không có trong danh mục"),
        Text::PipelineHasNoYear { pipeline, year } => format!("Pipeline {pipeline} không có năm {year}"),
        Text::OutIsAFile { path } => format!("{path} là một tệp, không phải thư mục"),
        Text::CannotWriteOutput { error } => format!("Không ghi được kết quả: {error}"),
        Text::AnnexPublished { year, path } => {
            format!("Năm {year}: đã lập lại phụ lục và báo cáo → {path}")
        }
        Text::NoSnapshotToPublish { year, dir } => {
            format!("Năm {year} chưa có kết quả trong {dir}: hãy chạy egov-etl run trước")
        }
        Text::PipelineValid { years } => format!("hợp lệ ({years} năm)"),
        Text::YearUnreadable { year, error } => format!("Không đọc được các tệp năm {year}: {error}"),
        Text::PipelineHasNoSuchYear => "Pipeline không có năm này".into(),
        Text::CheckTotals { files, rejected } => format!("{files} tệp, {rejected} dòng bị loại"),
        Text::NotEvaluatedUnknown { code, year } => format!(
            "năm {year}: not_evaluated ghi mã \"{code}\", không phải đơn vị nào của tỉnh"
        ),
        Text::InspectTitleDistrict { text, place } => {
            format!("tiêu đề ghi tên huyện: \"{text}\" ({place})")
        }
        Text::InspectSheet { name, hidden, rows, passed } => {
            let hidden = if *hidden { " (ẩn)" } else { "" };
            let passed = if passed.is_empty() { "không có".to_string() } else { passed.join(", ") };
            format!("trang '{name}'{hidden}: {rows} dòng; bỏ qua: {passed}")
        }
        Text::InspectTable { header_rows, rows } => {
            format!("bảng: dòng tiêu đề {header_rows}, {rows} dòng số liệu")
        }
        Text::InspectInDoubt => "không rõ, không đọc".into(),
        Text::InspectGroupHeadings { list } => format!("dòng tiêu đề nhóm: {list}"),
        Text::UnitsNotFound { query } => format!("Không tìm thấy \"{query}\""),
        Text::UnitsMore { n } => format!("… và {n} kết quả khác (--limit)"),
    }
}

/// A value audited: "45,00 điểm" or "88,50 %".
fn value_vi(v: f64, percent: bool) -> String {
    if percent {
        format!("{} %", num_vi(v))
    } else {
        format!("{} điểm", num_vi(v))
    }
}

/// A cut-off as the pipeline writes it, with a decimal comma: "54", "50,1".
fn cut_vi(x: f64) -> String {
    format!("{}", (x * 1e6).round() / 1e6).replace('.', ",")
}

/// An interval of cut-offs: "(53,00; 54,00]", "> 53,00" (open above), "≤ 75,47" (open below).
fn interval_vi(i: &crate::core::audit::Interval) -> String {
    match (i.above, i.at_most) {
        (Some(a), Some(b)) => format!("({}; {}]", num_vi(a), num_vi(b)),
        (Some(a), None) => format!("> {}", num_vi(a)),
        (None, Some(b)) => format!("≤ {}", num_vi(b)),
        (None, None) => "bất kỳ".into(),
    }
}

/// "cấp huyện", "cấp xã".
fn unit_level_vi(level: crate::core::UnitLevel) -> &'static str {
    match level {
        crate::core::UnitLevel::Province => "cấp tỉnh",
        crate::core::UnitLevel::District => "cấp huyện",
        crate::core::UnitLevel::Commune => "cấp xã",
    }
}
