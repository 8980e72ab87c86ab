mod util;
use util::*;

#[test]
fn probe() {
    let p = Project::new("56", "", "");
    let rows = vec![
        row(&["ỦY BAN NHÂN DÂN HUYỆN CAM LÂM"]),
        row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
        row(&[]),
        row(&["STT", "Tên đơn vị", "Điểm mức độ đạt được", "Tỷ lệ mức độ đạt được", "Điểm điều kiện sẵn sàng"]),
        row(&["1", "Xã Cam Hòa", "tốt", "", "25"]),
        vec![n(2.0), s("Xã Suối Tân"), C::Err("#REF!".into()), C::E, n(25.0)],
        vec![n(3.0), s("Xã Cam Hải Tây"), C::D(44000.0), C::E, n(25.0)],
        vec![n(4.0), s("Xã Cam Hải Đông"), C::B(true), C::E, n(25.0)],
        row(&["5", "Thị trấn Cam Đức", "50", "120", "25"]),
    ];
    write_xlsx(&p.raw("cam lam.xlsx"), &[Sheet::new("Tong hop", rows)]);
    let o = p.run(&["run", "--pipeline", "pipelines/test.toml"]);
    println!("{o:?}");
    let r = p.report();
    for f in r["findings"].as_array().unwrap() {
        if f["code"] != "missing-unit" { println!("{f}"); }
    }
    println!("{}", r["files"]);
    println!("{}", std::fs::read_to_string(p.out("2020", "rejects.csv")).unwrap());
    println!("{:?}", std::fs::read_dir(p.out("2020", "")).unwrap().map(|e| e.unwrap().file_name()).collect::<Vec<_>>());
}
